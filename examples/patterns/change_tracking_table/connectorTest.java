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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector against the local PostgreSQL server (127.0.0.1:5432, user postgres, database test): each test
 * loads source.sql (the orders and the trigger that fills orders_changes) into a schema of its own, which it drops
 * after, syncs, changes orders and syncs again from the saved change_id. Run: jbang connectorTest.java
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

    @Test
    void insertsUpdatesAndDeletesArriveFromTheChangeTable() throws Exception {
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json")).configure("jdbc_url", source.url())) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(3L, first.counts().upserts());
            assertEquals(List.of(Map.of("id", 1, "customer", "Ada", "amount", new BigDecimal("40.00"), "status", "new")),
                    sync.rows("SELECT id, customer, amount, status FROM orders WHERE id = 1"));
            assertEquals(List.of("amount", "customer", "id", "status"), sync.rows("SELECT column_name FROM duckdb_columns() WHERE schema_name = 'tester' "
                    + "AND table_name = 'orders' AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY column_name")
                    .stream().map(row -> row.get("column_name")).toList(), "the change's own columns are not copied");
            assertEquals(Map.of("orders_changes", Map.of("change_id", 3)), first.state());

            source.execute("""
                    DELETE FROM orders WHERE id = 2;
                    UPDATE orders SET status = 'shipped' WHERE id = 1;
                    INSERT INTO orders VALUES (4, 'Barbara', 12.00, 'new');
                    """);
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(2L, second.counts().upserts(), "order 1 updated, order 4 inserted");
            assertEquals(1L, second.counts().deletes(), "order 2");
            assertEquals(List.of(Map.of("id", 1, "status", "shipped", "_fivetran_deleted", false),
                            Map.of("id", 2, "status", "new", "_fivetran_deleted", true),
                            Map.of("id", 3, "status", "new", "_fivetran_deleted", false),
                            Map.of("id", 4, "status", "new", "_fivetran_deleted", false)),
                    sync.rows("SELECT id, status, _fivetran_deleted FROM orders ORDER BY id"));
            assertEquals(Map.of("orders_changes", Map.of("change_id", 6)), second.state());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
