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
 * Tests of the connector, offline (its catalog is emulated, and changes after the first sync): two syncs in a row,
 * where the truncate before each snapshot soft-deletes the product the second snapshot no longer holds.
 * Run: jbang connectorTest.java
 */
class connectorTest {
    @Test
    void truncateSoftDeletesWhatTheNewSnapshotNoLongerHolds() {
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema))) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(List.of("A-1", "B-2", "C-3"), sync.rows("SELECT sku FROM products WHERE NOT _fivetran_deleted ORDER BY sku")
                    .stream().map(row -> row.get("sku")).toList());
            assertEquals(Map.of("syncs", 1), first.state());

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(1L, second.counts().truncates());
            assertEquals(3L, second.counts().upserts());
            assertEquals(List.of(
                            Map.of("sku", "A-1", "price", 25, "deleted", false),
                            Map.of("sku", "B-2", "price", 45, "deleted", true),
                            Map.of("sku", "C-3", "price", 80, "deleted", false),
                            Map.of("sku", "D-4", "price", 60, "deleted", false)),
                    sync.rows("SELECT sku, price, _fivetran_deleted AS deleted FROM products ORDER BY sku"));
            assertEquals(Map.of("syncs", 2), second.state());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
