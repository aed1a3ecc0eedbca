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
 * Tests of the connector, offline (its records are built in code, and change shape after the first sync): two
 * syncs in a row, where the second adds a column and widens INTEGER to DOUBLE without a reset.
 * Run: jbang connectorTest.java
 */
class connectorTest {
    private static Object type(TestSync sync, String column) {
        return sync.value("SELECT data_type FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = 'products'"
                + " AND column_name = '" + column + "'");
    }

    @Test
    void theSecondSyncAddsAColumnAndWidensATypeWithoutAReset() {
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema))) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals("INTEGER", type(sync, "price"));
            assertEquals(null, type(sync, "category"), "no category column yet");

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(2L, second.counts().schemaChanges(), "category added, price widened");
            assertEquals("DOUBLE", type(sync, "price"));
            assertEquals("VARCHAR", type(sync, "category"));
            assertEquals(List.of(
                            Map.of("id", 1, "price", 30.0, "category", "none"),
                            Map.of("id", 2, "price", 44.5, "category", "kitchen"),
                            Map.of("id", 3, "price", 79.99, "category", "kitchen")),
                    sync.rows("SELECT id, price, coalesce(category, 'none') AS category FROM products ORDER BY id"));
            assertEquals(Map.of("syncs", 2), second.state());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
