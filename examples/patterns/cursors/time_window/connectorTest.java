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
 * Tests of the connector, offline (its events are emulated, one every 10 minutes, with {@code until} fixed by the
 * test): the range is synced in windows, each window's end checkpointed, and the next sync starts from it.
 * Run: jbang connectorTest.java
 */
class connectorTest {
    private static TestSync sync() {
        return TestSync.of(new Connector(connector::update)).configuration(Path.of("configuration.json"))
                .configure("window_hours", "24").configure("until", "2024-01-03T12:00:00Z");
    }

    @Test
    void theEndOfEachWindowIsCheckpointedAndTheNextSyncStartsThere() {
        try (TestSync sync = sync()) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(3L, first.counts().checkpoints(), "two whole days and a half");
            assertEquals(List.of(
                            "INFO synced window [2024-01-01T00:00:00Z, 2024-01-02T00:00:00Z)",
                            "INFO synced window [2024-01-02T00:00:00Z, 2024-01-03T00:00:00Z)",
                            "INFO synced window [2024-01-03T00:00:00Z, 2024-01-03T12:00:00Z)"),
                    sync.log().stream().filter(line -> line.startsWith("INFO synced window")).toList());
            assertEquals(Map.of("synced_until", "2024-01-03T12:00:00Z"), first.state());
            assertEquals(360L, sync.value("SELECT count(*) FROM events"));

            sync.configure("until", "2024-01-04T00:00:00Z");
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(72L, second.counts().upserts(), "only the 12 hours since the last sync");
            assertEquals(Map.of("synced_until", "2024-01-04T00:00:00Z"), second.state());
            assertEquals(432L, sync.value("SELECT count(DISTINCT id) FROM events"));
        }
    }

    @Test
    void aStoppedSyncResumesAtTheFirstUnfinishedWindow() {
        try (TestSync sync = sync().state(Map.of("synced_until", "2024-01-02T00:00:00Z"))) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertEquals(2L, result.counts().checkpoints());
            assertEquals(216L, result.counts().upserts(), "a day and a half of events");
            assertEquals("2024-01-02 00:00:00+00", sync.value("SELECT min(created_at)::VARCHAR FROM events"));
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
