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
 * Tests of the connector, offline (its orders are emulated, one every 10 minutes, with {@code until} fixed by the
 * test and windows of a day): the first sync writes the last day, then backfills older windows, newest first; the
 * next sync catches up and completes the backfill. Run: jbang connectorTest.java
 */
class connectorTest {
    @Test
    void recentDataFirstThenOlderWindowsUntilTheBackfillIsComplete() {
        try (TestSync sync = TestSync.of(new Connector(connector::update)).configuration(Path.of("configuration.json"))
                .configure("recent_hours", "24").configure("window_hours", "24").configure("backfill_windows_per_sync", "2")
                .configure("until", "2024-01-06T00:00:00Z")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(3L, first.counts().checkpoints(), "the recent day, then 2 windows of history");
            assertEquals(Map.of("synced_until", "2024-01-06T00:00:00Z", "backfilled_from", "2024-01-03T00:00:00Z"), first.state());
            assertEquals(List.of(Map.of("n", 432L, "oldest", "2024-01-03 00:00:00+00", "newest", "2024-01-05 23:50:00+00")), sync.rows(
                    "SELECT count(*) AS n, min(created_at)::VARCHAR AS oldest, max(created_at)::VARCHAR AS newest FROM orders"));
            assertTrue(sync.log().contains("INFO history synced back to 2024-01-03T00:00:00Z"), sync.log()::toString);

            sync.configure("until", "2024-01-06T12:00:00Z");
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(72L + 288L, second.counts().upserts(), "the 12 new hours, then the 2 oldest days");
            assertTrue(sync.log().contains("INFO history synced back to 2024-01-01T00:00:00Z: backfill complete"), sync.log()::toString);
            assertEquals(Map.of("synced_until", "2024-01-06T12:00:00Z", "backfilled_from", "2024-01-01T00:00:00Z"), second.state());
            assertEquals(List.of(Map.of("n", 792L, "ids", 792L, "first", 1L)), sync.rows(
                    "SELECT count(*) AS n, count(DISTINCT id) AS ids, min(id) AS first FROM orders"));
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
