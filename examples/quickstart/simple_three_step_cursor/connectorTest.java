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
 * Tests of the connector, offline: consecutive syncs into a temporary warehouse, each resuming after the cursor the
 * one before committed. Run: jbang connectorTest.java
 */
class connectorTest {
    @Test
    void eachSyncWritesTheThreeRowsAfterTheCursorCheckpointingEach() {
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema))) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertTrue(sync.log().contains("INFO resuming after cursor 0"), sync.log()::toString);
            assertEquals(Map.of("cursor", 3), first.state());

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertTrue(sync.log().contains("INFO resuming after cursor 3"), sync.log()::toString);
            assertEquals(Map.of("cursor", 6), second.state());
            assertEquals(3L, second.counts().checkpoints(), "a checkpoint per row");
            assertEquals(3L, second.counts().upserts());
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), sync.rows("SELECT id FROM step ORDER BY id").stream().map(r -> r.get("id")).toList());
            assertEquals(List.of(Map.of("id", 6L, "message", "step 6")), sync.rows("SELECT id, message FROM step WHERE id = 6"));
        }
    }

    @Test
    void aSyncFromAGivenCursorResumesAfterIt() {
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema)).state(Map.of("cursor", 10))) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertTrue(sync.log().contains("INFO resuming after cursor 10"), sync.log()::toString);
            assertEquals(Map.of("cursor", 13), result.state());
            assertEquals(List.of(11L, 12L, 13L), sync.rows("SELECT id FROM step ORDER BY id").stream().map(r -> r.get("id")).toList());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
