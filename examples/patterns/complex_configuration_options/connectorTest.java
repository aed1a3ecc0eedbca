///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
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
 * Tests of the connector, offline (its source is emulated): the list, JSON, boolean and number values of
 * configuration.json are decoded into the rows written. Run: jbang connectorTest.java
 */
class connectorTest {
    private static TestSync sync() {
        return TestSync.of(new Connector(connector::update)).configuration(Path.of("configuration.json"));
    }

    private static List<Object> column(TestSync sync, String sql) {
        return sync.rows(sql).stream().map(row -> row.values().iterator().next()).toList();
    }

    @Test
    void listJsonBooleanAndNumberOptionsAreDecoded() {
        try (TestSync sync = sync()) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertEquals(12L, result.counts().upserts(), "4 orders in each of 3 regions");
            assertEquals(List.of("apac", "eu", "us"), column(sync, "SELECT DISTINCT region FROM orders ORDER BY region"));
            assertEquals(List.of(Map.of("n", 12L, "currencies", 1L, "misflagged", 0L, "large",
                            sync.value("SELECT count(*) FROM orders WHERE amount >= 500"))),
                    sync.rows("SELECT count(*) AS n, count(DISTINCT currency) AS currencies, "
                            + "count(*) FILTER (large <> (amount >= 500)) AS misflagged, count(*) FILTER (large) AS large FROM orders"));
            assertEquals("EUR", sync.value("SELECT DISTINCT currency FROM orders"));
            assertTrue((Long) sync.value("SELECT count(*) FROM orders WHERE large") > 0, "some orders reach the threshold");
        }
    }

    @Test
    void listItemsAreTrimmedAndEmptyOnesDropped() {
        try (TestSync sync = sync().configure("regions", " eu,, us ,").configure("orders_per_region", "2")) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertEquals(List.of(Map.of("region", "eu", "n", 2L), Map.of("region", "us", "n", 2L)),
                    sync.rows("SELECT region, count(*) AS n FROM orders GROUP BY region ORDER BY region"));
        }
    }

    @Test
    void noOrderIsFlaggedWhenTheBooleanIsFalse() {
        try (TestSync sync = sync().configure("flag_large_orders", "no")) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertTrue((Long) sync.value("SELECT count(*) FROM orders WHERE amount >= 500") > 0, "some orders reach the threshold");
            assertEquals(0L, sync.value("SELECT count(*) FROM orders WHERE large"));
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
