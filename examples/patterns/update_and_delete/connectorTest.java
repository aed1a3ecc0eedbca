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
 * Tests of the connector, offline (its rows are built in code): an update and a delete on a composite primary key
 * change only the row named by both key columns. Run: jbang connectorTest.java
 */
class connectorTest {
    @Test
    void updateAndDeleteNameARowByEveryColumnOfItsKey() {
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema))) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertEquals(4L, result.counts().upserts());
            assertEquals(1L, result.counts().updates());
            assertEquals(1L, result.counts().deletes());
            assertEquals(List.of(
                            Map.of("warehouse", "berlin", "sku", "A-1", "quantity", 8, "bin", "B12", "deleted", false),
                            Map.of("warehouse", "berlin", "sku", "B-2", "quantity", 3, "bin", "B14", "deleted", false),
                            Map.of("warehouse", "paris", "sku", "A-1", "quantity", 7, "bin", "P01", "deleted", false),
                            Map.of("warehouse", "paris", "sku", "B-2", "quantity", 1, "bin", "P02", "deleted", true)),
                    sync.rows("SELECT warehouse, sku, quantity, bin, _fivetran_deleted AS deleted FROM stock ORDER BY warehouse, sku"));
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
