package fivetran.connector.sdk.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB's memory limit: at most 768 MiB unless the property or the environment variable says otherwise. */
class WarehouseMemoryTest {
    @TempDir
    Path dir;

    private static String memoryLimit(Warehouse warehouse) {
        return (String) warehouse.query("SELECT current_setting('memory_limit') AS memory_limit").rows().get(0).get("memory_limit");
    }

    @Test
    void byDefaultDuckDbMayTakeAtMost768MibibytesOrAQuarterOfASmallMachine() {
        try (Warehouse warehouse = Warehouse.open(dir.resolve("warehouse.db"))) {
            String limit = memoryLimit(warehouse);
            assertTrue(limit.endsWith(" MiB") && Double.parseDouble(limit.replace(" MiB", "")) <= 768, limit);
        }
    }

    @Test
    void thePropertySetsTheLimitInDuckDbsSyntaxAndASecondOpenOfTheFileKeepsIt() {
        System.setProperty(Warehouse.MEMORY_PROPERTY, "300MiB");
        try (Warehouse warehouse = Warehouse.open(dir.resolve("warehouse.db"))) {
            assertEquals("300.0 MiB", memoryLimit(warehouse));
        } finally {
            System.clearProperty(Warehouse.MEMORY_PROPERTY);
        }
        try (Warehouse first = Warehouse.open(dir.resolve("other.db")); Warehouse again = Warehouse.openExisting(dir.resolve("other.db"))) {
            assertEquals(memoryLimit(first), memoryLimit(again), "the default is computed from DuckDB's own, not from the limit set before");
        }
    }
}
