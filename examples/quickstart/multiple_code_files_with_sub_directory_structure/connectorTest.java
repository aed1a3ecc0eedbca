///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline: it compiles with the files its //SOURCES names (source/, destination/), and two
 * syncs in a row each write the page of orders after the last one. Run: jbang connectorTest.java
 */
class connectorTest {
    @Test
    void eachSyncWritesTheNextPageOfOrdersMappedByOrderRows() {
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema))) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(Map.of("last_id", 5), first.state());
            assertEquals(5L, first.counts().upserts());

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(Map.of("last_id", 10), second.state());
            assertEquals(5L, second.counts().upserts());
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L),
                    sync.rows("SELECT id FROM orders ORDER BY id").stream().map(row -> row.get("id")).toList());
            assertEquals(0L, sync.value("SELECT count(*) FROM orders WHERE customer <> upper(customer)"), "customers upper-cased");
            assertEquals(List.of(Map.of("column_name", "amount_usd", "data_type", "DECIMAL(12,2)"),
                            Map.of("column_name", "created_at", "data_type", "TIMESTAMP WITH TIME ZONE")),
                    sync.rows("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'tester' "
                            + "AND table_name = 'orders' AND column_name IN ('amount_usd', 'created_at') ORDER BY column_name"));
        }
    }

    @Test
    void aPageSizeInTheConfigurationSetsHowManyOrdersASyncWrites() {
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema)).configure("page_size", "3")) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertEquals(Map.of("last_id", 3), result.state());
            assertEquals(3L, sync.value("SELECT count(*) FROM orders"));
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
