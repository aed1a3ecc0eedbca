///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.SourceDatabase;
import fivetran.connector.sdk.testkit.TestSync;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector against the local PostgreSQL server (127.0.0.1:5432, user postgres, database test): each test
 * loads source.sql into a schema of its own, which it drops after, syncs, changes the source and syncs again from the
 * saved state. Run: jbang connectorTest.java
 */
@Tag("servers")
class connectorTest {
    private SourceDatabase source;

    @BeforeEach
    void createSource() {
        source = SourceDatabase.postgresql().executeFile(Path.of("source.sql"));
    }

    @AfterEach
    void dropSource() {
        source.close();
    }

    private TestSync sync() {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json")).configure("jdbc_url", source.url());
    }

    @Test
    void aFirstSyncCopiesEveryCustomerAndTheNextOnlyTheChangesWithSoftDeletesAsDeletes() throws Exception {
        try (TestSync sync = sync()) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(3L, first.counts().upserts());
            assertEquals(List.of("Ada", "Grace", "Linus"), sync.rows("SELECT name FROM customers ORDER BY id").stream().map(row -> row.get("name")).toList());
            assertEquals(LocalDateTime.of(2024, 1, 2, 10, 30), sync.value("SELECT updated_at FROM customers WHERE id = 3"));
            assertEquals(Map.of("customers", Map.of("updated_at", "2024-01-02T10:30", "id", 3)), first.state());

            source.execute("""
                    UPDATE customers SET deleted_at = '2024-02-01 08:00', updated_at = '2024-02-01 08:00' WHERE id = 2;
                    UPDATE customers SET email = 'ada@new.example.com', updated_at = '2024-02-01 09:00' WHERE id = 1;
                    INSERT INTO customers (name, updated_at) VALUES ('Barbara', '2024-02-01 09:00');
                    """);
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("INFO customers: 3 rows read")), sync.log()::toString);
            assertEquals(2L, second.counts().upserts(), "Ada's update and Barbara, nothing else");
            assertEquals(1L, second.counts().deletes(), "Grace, soft-deleted");
            assertEquals(List.of(Map.of("name", "Ada", "email", "ada@new.example.com", "_fivetran_deleted", false),
                            Map.of("name", "Grace", "email", "grace@example.com", "_fivetran_deleted", true),
                            Map.of("name", "Linus", "email", "linus@example.com", "_fivetran_deleted", false)),
                    sync.rows("SELECT name, email, _fivetran_deleted FROM customers WHERE id <= 3 ORDER BY id"));
            assertEquals("Barbara", sync.value("SELECT name FROM customers WHERE id = 4"));
            assertEquals(Map.of("customers", Map.of("updated_at", "2024-02-01T09:00", "id", 4)), second.state());

            SyncResult third = sync.run();
            assertTrue(third.succeeded(), third.failure());
            assertEquals(0L, third.counts().upserts() + third.counts().deletes(), "nothing changed");
            assertEquals(second.state(), third.state());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
