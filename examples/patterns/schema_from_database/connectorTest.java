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
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector against the local PostgreSQL server (127.0.0.1:5432, user postgres, database test): each test
 * loads source.sql into a schema of its own, which it drops after, and checks the destination's types and keys, taken
 * from the source's metadata, and an incremental sync. Run: jbang connectorTest.java
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
                .configuration(Path.of("configuration.json")).configure("jdbc_url", source.url()).configure("tables", "accounts,transfers");
    }

    @Test
    void theDestinationGetsTheSourcesColumnTypesAndCompositePrimaryKey() {
        try (TestSync sync = sync()) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertEquals(List.of(Map.of("column_name", "account_id", "data_type", "INTEGER"),
                            Map.of("column_name", "seq", "data_type", "SMALLINT"),
                            Map.of("column_name", "amount", "data_type", "DECIMAL(12,2)"),
                            Map.of("column_name", "booked_at", "data_type", "TIMESTAMP WITH TIME ZONE"),
                            Map.of("column_name", "details", "data_type", "JSON")),
                    sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' "
                            + "AND table_name = 'transfers' AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY ordinal_position"));
            assertEquals(List.of(Map.of("column_name", "id", "data_type", "INTEGER"), Map.of("column_name", "owner", "data_type", "VARCHAR"),
                            Map.of("column_name", "balance", "data_type", "DECIMAL(12,2)"), Map.of("column_name", "opened", "data_type", "DATE"),
                            Map.of("column_name", "active", "data_type", "BOOLEAN")),
                    sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' "
                            + "AND table_name = 'accounts' AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY ordinal_position"));
            assertEquals(List.of("account_id", "seq"), sync.rows("SELECT unnest(constraint_column_names) AS c FROM duckdb_constraints() "
                    + "WHERE schema_name = 'tester' AND table_name = 'transfers' AND constraint_type = 'PRIMARY KEY'").stream().map(row -> row.get("c")).toList());

            assertEquals(3L, sync.value("SELECT count(*) FROM transfers"));
            assertEquals(List.of(Map.of("amount", new BigDecimal("-20.00"), "booked_at", OffsetDateTime.parse("2024-03-01T09:00Z"), "memo", "coffee")),
                    sync.rows("SELECT amount, booked_at, details->>'memo' AS memo FROM transfers WHERE account_id = 1 AND seq = 1"));
            assertEquals(List.of(Map.of("owner", "Grace", "balance", new BigDecimal("80.00"), "opened", LocalDate.of(2024, 1, 15), "active", false)),
                    sync.rows("SELECT owner, balance, opened, active FROM accounts WHERE id = 2"));
        }
    }

    @Test
    void theNextSyncCopiesOnlyTheRowsAfterEachTablesLastPrimaryKey() throws Exception {
        try (TestSync sync = sync()) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(Map.of("accounts", Map.of("id", 2), "transfers", Map.of("account_id", 2, "seq", 1)), first.state());

            source.execute("""
                    INSERT INTO accounts VALUES (3, 'Linus', 10.00, '2024-04-01', true);
                    INSERT INTO transfers VALUES (2, 2, -5.00, '2024-04-02 08:00:00+00', null), (3, 1, 10.00, '2024-04-02 09:00:00+00', null);
                    """);
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(3L, second.counts().upserts(), "the new account and its 2 new transfers, nothing else");
            assertEquals(5L, sync.value("SELECT count(*) FROM transfers"));
            assertEquals("Linus", sync.value("SELECT owner FROM accounts WHERE id = 3"));
            assertEquals(Map.of("accounts", Map.of("id", 3), "transfers", Map.of("account_id", 3, "seq", 1)), second.state());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
