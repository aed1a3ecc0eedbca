///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline (its sources are emulated, with {@code until} fixed by the test): each table
 * keeps its own cursor in state, and a sync resumes each table from its own. Run: jbang connectorTest.java
 */
class connectorTest {
    private static final String COUNTS = "SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM invoices) AS invoices";

    @Test
    void eachTableResumesFromItsOwnCursor() {
        try (TestSync sync = TestSync.of(new Connector(connector::update)).configuration(Path.of("configuration.json"))
                .configure("until", "2024-01-02T00:00:00Z")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(2L, first.counts().checkpoints(), "one per table");
            assertEquals(List.of(Map.of("orders", 144L, "invoices", 24L)), sync.rows(COUNTS));
            assertEquals(Map.of("cursors", Map.of("orders", "2024-01-02T00:00:00Z", "invoices", "2024-01-02T00:00:00Z")), first.state());

            // as if the last sync had stopped after orders, with invoices behind
            sync.state(Map.of("cursors", Map.of("orders", "2024-01-02T00:00:00Z", "invoices", "2024-01-01T12:00:00Z")))
                    .configure("until", "2024-01-02T06:00:00Z");
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(36L + 18L, second.counts().upserts(), "6 hours of orders; invoices from their own, older cursor");
            assertTrue(sync.log().contains("INFO invoices: synced the records created in [2024-01-01T12:00:00Z, 2024-01-02T06:00:00Z)"),
                    sync.log()::toString);
            assertEquals(Map.of("cursors", Map.of("orders", "2024-01-02T06:00:00Z", "invoices", "2024-01-02T06:00:00Z")), second.state());
            assertEquals(List.of(Map.of("orders", 180L, "invoices", 30L)), sync.rows(COUNTS));
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
