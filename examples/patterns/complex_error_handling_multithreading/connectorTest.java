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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline: its HTTP is answered from recordings/, a sync of the SDK's example API recorded with
 * jbang example-api --record=recordings (its 503s, retried, and the 500s that open the circuit breaker) followed by a
 * second sync written by hand (a 429 with Retry-After, then the orders updated since the cursor, one of them invalid);
 * from recordings-faults/, written by hand: an orders endpoint that always answers 500; and from
 * recordings-client-error/, written by hand: a 404 for page 2, which is not retried. Run: jbang connectorTest.java
 */
class connectorTest {
    private static TestSync sync(String recording) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json")).configure("base_url", "https://api.example.com")
                .replay(Path.of(recording));
    }

    private static long count(TestSync sync, String text) {
        return sync.log().stream().filter(line -> line.contains(text)).count();
    }

    @Test
    void errorHandlingRetriesAFlakyApiAndStopsCallingOneThatIsDown() {
        try (TestSync sync = sync("recordings")) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertEquals(3L, count(sync, "503; retrying"), "every other request of the 6: " + sync.log());
            assertTrue(sync.log().contains("WARN report of 2024-01-01 skipped: GET https://api.example.com/down/reports?day=…"
                    + " failed: 500 after 3 attempts: {\"error\":\"internal error\"} (the circuit breaker is open)"), sync.log()::toString);
            assertEquals(4L, count(sync, "not sent: the circuit breaker is open"), sync.log()::toString);
            assertEquals(5L, count(sync, "WARN report of "), "every day's report skipped: " + sync.log());
            assertEquals(25L, sync.value("SELECT count(*) FROM orders"));
            assertEquals(0L, sync.value("SELECT count(*) FROM report"));
            assertEquals(Map.of("last_updated_at", "2024-01-02T01:00:00Z"), result.state());
            assertEquals(3L, result.counts().checkpoints(), "one per page");
            assertEquals("TIMESTAMP WITH TIME ZONE", sync.value("SELECT data_type FROM duckdb_columns() WHERE table_name = 'orders' AND column_name = 'updated_at'"));
            assertEquals("BIGINT", sync.value("SELECT data_type FROM duckdb_columns() WHERE table_name = 'orders' AND column_name = 'id'"));
            assertEquals("DOUBLE", sync.value("SELECT data_type FROM duckdb_columns() WHERE table_name = 'orders' AND column_name = 'price'"));
            assertTrue(sync.log().contains("INFO errors: 0 orders skipped as invalid, 5 reports skipped"), sync.log()::toString);

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(1L, count(sync, "429; retrying in 1.0 s"), "the rate limit's Retry-After: " + sync.log());
            assertEquals(2L, second.counts().upserts(), "order 3 changed and order 26 new; order 27 has no updated_at");
            assertTrue(sync.log().contains("WARN order skipped: it has no updated_at: {\"id\":27,\"name\":\"item 27\",\"price\":33.75}"), sync.log()::toString);
            assertTrue(sync.log().contains("INFO errors: 1 orders skipped as invalid, 5 reports skipped"), sync.log()::toString);
            assertEquals(Map.of("last_updated_at", "2024-01-02T03:00:00Z"), second.state());
            assertEquals(26L, sync.value("SELECT count(*) FROM orders"));
            assertEquals(4.5, sync.value("SELECT price FROM orders WHERE id = 3"));
        }
    }

    @Test
    void aClientErrorIsNotRetriedAndFailsTheSyncAfterTheCommittedPages() {
        try (TestSync sync = sync("recordings-client-error")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("GET https://api.example.com/flaky/orders?") && result.failure().contains("failed: 404: {\"error\":\"no such page\"}"),
                    result.failure());
            assertEquals(0L, count(sync, "retrying"), sync.log()::toString);
            assertEquals(10L, sync.value("SELECT count(*) FROM orders"), "page 1 was checkpointed");
            assertEquals(Map.of("last_updated_at", "2024-01-01T10:00:00Z"), result.state());
        }
    }

    @Test
    void ordersThatStayDownFailTheSyncAfterTheRetries() {
        try (TestSync sync = sync("recordings-faults")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("GET https://api.example.com/flaky/orders?")
                    && result.failure().contains("failed: 500 after 3 attempts: {\"error\":\"internal error\"}"), result.failure());
            assertEquals(2L, count(sync, "500; retrying"), sync.log()::toString);
            assertEquals(0L, sync.value("SELECT count(*) FROM orders"));
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
