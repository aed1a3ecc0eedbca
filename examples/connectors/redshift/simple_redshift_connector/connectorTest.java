///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.SourceDatabase;
import fivetran.connector.sdk.testkit.TestSync;
import java.nio.file.Path;
import java.sql.Driver;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector against the local PostgreSQL server (127.0.0.1:5432, user postgres, database test), the
 * stand-in for Redshift: each test loads source.sql into schema redshift_simple_test, which it drops after, syncs,
 * changes the source and syncs again from the saved state. Amazon's driver is only asked whether it takes the
 * Redshift URL: it cannot connect to PostgreSQL. Run: jbang connectorTest.java
 */
@Tag("servers")
class connectorTest {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String SCHEMA = "redshift_simple_test";
    private static final String CLUSTER = "jdbc:redshift://examplecluster.abc123xyz789.us-west-2.redshift.amazonaws.com:5439/dev";
    /** Made first: the kit sets up the log (else the driver's DEBUG lines of the setup show). */
    private final TestSync sync = TestSync.of(new Connector(connector::update, connector::schema))
            .configuration(Path.of("configuration.json")).configure("jdbc_url", SERVER).configure("schema", SCHEMA)
            .configure("batch_size", "2");

    private SourceDatabase source;

    @BeforeEach
    void createSource() {
        source = SourceDatabase.postgresql(SCHEMA).executeFile(Path.of("source.sql"));
    }

    @AfterEach
    void dropSource() {
        sync.close();
        source.close();
    }

    @Test
    void theDriverFollowsTheUrlAmazonsForRedshiftPgjdbcForPostgresql() throws Exception {
        Driver redshift = connector.driver(CLUSTER);
        assertEquals("com.amazon.redshift.Driver", redshift.getClass().getName());
        assertTrue(redshift.acceptsURL(CLUSTER));
        assertTrue(redshift.acceptsURL("jdbc:redshift:iam://examplecluster:us-west-2/dev"));
        assertFalse(redshift.acceptsURL(SERVER), "Amazon's driver does not take PostgreSQL URLs");
        assertEquals("org.postgresql.Driver", connector.driver(SERVER).getClass().getName());
        assertFalse(connector.driver(SERVER).acceptsURL(CLUSTER));
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> connector.driver("jdbc:mysql://db.example.com/x"));
        assertFalse(other.getMessage().contains("db.example.com"), "the URL, which may hold credentials, is never shown");
    }

    @Test
    void aFirstSyncCopiesEveryCustomerInBatchesAndTheNextOnlyTheChangesTiesIncluded() throws Exception {
        SyncResult first = sync.run();
        assertTrue(first.succeeded(), first.failure());
        assertEquals(5L, first.counts().upserts());
        assertEquals(3L, first.counts().checkpoints(), "after each batch of 2 rows and after the last row");
        assertEquals(List.of(Map.of("column_name", "customer_id", "data_type", "INTEGER"), Map.of("column_name", "email", "data_type", "VARCHAR"),
                        Map.of("column_name", "first_name", "data_type", "VARCHAR"), Map.of("column_name", "last_name", "data_type", "VARCHAR"),
                        Map.of("column_name", "updated_at", "data_type", "TIMESTAMP WITH TIME ZONE")),
                sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' AND table_name = 'customers' "
                        + "AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY column_name"));
        assertEquals(OffsetDateTime.parse("2024-01-02T10:30:00.250Z").toInstant(),
                ((OffsetDateTime) sync.value("SELECT updated_at FROM customers WHERE customer_id = 4")).toInstant());
        assertEquals(null, sync.value("SELECT email FROM customers WHERE customer_id = 4"));
        assertEquals(Map.of("customers", Map.of("updated_at", "2024-01-03T08:00", "customer_id", 5)), first.state());

        source.execute("""
                UPDATE redshift_simple_test.customers SET email = 'grace@navy.example.com', updated_at = '2024-02-01 12:00' WHERE customer_id = 2;
                INSERT INTO redshift_simple_test.customers VALUES (6, 'Barbara', 'Liskov', 'barbara@example.com', '2024-01-03 08:00:00');
                """);
        SyncResult second = sync.run();
        assertTrue(second.succeeded(), second.failure());
        assertEquals(2L, second.counts().upserts(), "Grace's change, and Barbara, whose updated_at equals the saved one: nothing else");
        assertEquals("grace@navy.example.com", sync.value("SELECT email FROM customers WHERE customer_id = 2"));
        assertEquals("Barbara", sync.value("SELECT first_name FROM customers WHERE customer_id = 6"));
        assertEquals(Map.of("customers", Map.of("updated_at", "2024-02-01T12:00", "customer_id", 2)), second.state());

        SyncResult third = sync.run();
        assertTrue(third.succeeded(), third.failure());
        assertEquals(0L, third.counts().upserts(), "nothing changed");
        assertEquals(second.state(), third.state());
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
