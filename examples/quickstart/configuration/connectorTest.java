///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * Tests of the connector, offline: syncs with configuration.json, with defaults, and with a missing key or a malformed
 * value, which fail naming the key and never printing a configuration value. Run: jbang connectorTest.java
 */
class connectorTest {
    private static TestSync sync() {
        return TestSync.of(new Connector(connector::update));
    }

    /** Whether {@code value} appears in the last run's log lines or in its failure message. */
    private static boolean printed(TestSync sync, SyncResult result, String value) {
        return sync.log().stream().anyMatch(line -> line.contains(value))
                || (result.failure() != null && result.failure().contains(value));
    }

    @Test
    void configurationJsonGivesTypedValues() {
        try (TestSync sync = sync().configuration(Path.of("configuration.json"))) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertTrue(sync.log().contains("INFO syncing at most 5 orders of customer globex, returned orders excluded"),
                    sync.log()::toString);
            assertEquals(List.of(Map.of("n", 5L, "customers", 1L, "returned", 0L)), sync.rows(
                    "SELECT count(*) AS n, count(DISTINCT customer) AS customers, count(*) FILTER (status = 'returned') AS returned "
                            + "FROM orders WHERE customer = 'globex'"));
            assertEquals(5L, sync.value("SELECT count(*) FROM orders"));
            assertFalse(printed(sync, result, "replace-me"), "the api_key's value is not printed");
        }
    }

    @Test
    void missingOptionalKeysTakeTheirDefaults() {
        try (TestSync sync = sync().configuration(Map.of("api_key", "k"))) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertTrue(sync.log().contains("INFO syncing at most 10 orders of customer acme"), sync.log()::toString);
            assertEquals(List.of(Map.of("n", 10L, "customers", 1L)),
                    sync.rows("SELECT count(*) AS n, count(DISTINCT customer) AS customers FROM orders WHERE customer = 'acme'"));
        }
    }

    @Test
    void aMissingRequiredKeyFailsNamingItWithoutPrintingValues() {
        try (TestSync sync = sync().configuration(Map.of("customer", "secret-customer", "limit", "many"))) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("configuration is missing required key 'api_key'"), result.failure());
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("ERROR") && line.contains("missing required key 'api_key'")),
                    sync.log()::toString);
            assertEquals(0L, result.counts().upserts(), "fails before any work");
            assertFalse(printed(sync, result, "secret-customer"), () -> result.failure() + "\n" + sync.log());
            assertFalse(printed(sync, result, "many"), () -> result.failure() + "\n" + sync.log());
        }
    }

    @Test
    void aMalformedValueFailsNamingTheKeyWithoutPrintingTheValue() {
        try (TestSync sync = sync().configuration(Map.of("api_key", "secret-key", "limit", "many"))) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("configuration value of 'limit' is not an integer"), result.failure());
            assertFalse(printed(sync, result, "many"), () -> result.failure() + "\n" + sync.log());
            assertFalse(printed(sync, result, "secret-key"), () -> result.failure() + "\n" + sync.log());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
