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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline: its HTTP is answered from recordings/, two syncs in a row of the SDK's example API
 * (recorded with TestSync.record, see README.md). The first sync reads every item and keeps the last id in state; the
 * next one starts after it. Run: jbang connectorTest.java
 */
class connectorTest {
    private static TestSync sync() {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json")).configure("base_url", "https://api.example.com")
                .replay(Path.of("recordings"));
    }

    @Test
    void syncsEveryItemAndKeepsTheLastIdInState() {
        try (TestSync sync = sync()) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertTrue(sync.log().contains("INFO reading items after id 0"), sync.log()::toString);
            assertEquals(25L, result.counts().upserts());
            assertEquals(3L, result.counts().checkpoints(), "a checkpoint per page");
            assertEquals(Map.of("last_id", 25), result.state());
            assertEquals(List.of(Map.of("n", 25L, "ids", 325L)),
                    sync.rows("SELECT count(*) AS n, sum(id)::BIGINT AS ids FROM item WHERE NOT _fivetran_deleted"));
            assertEquals(List.of(Map.of("name", "item 25", "updated_at", OffsetDateTime.of(2024, 1, 2, 1, 0, 0, 0, ZoneOffset.UTC))),
                    sync.rows("SELECT name, updated_at FROM item WHERE id = 25"));
        }
    }

    @Test
    void keysetResumesAfterTheLastIdInState() {
        try (TestSync sync = sync()) {
            assertTrue(sync.run().succeeded());
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertTrue(sync.log().contains("INFO reading items after id 25"), sync.log()::toString);
            assertEquals(0L, second.counts().upserts());
            assertEquals(Map.of("last_id", 25), second.state());
            assertEquals(25L, sync.value("SELECT count(*) FROM item"));
        }
    }

    @Test
    void aStartingStateReadsOnlyTheItemsAfterIt() {
        try (TestSync sync = sync().state(Map.of("last_id", 20))) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertTrue(sync.log().contains("INFO reading items after id 20"), sync.log()::toString);
            assertEquals(5L, result.counts().upserts());
            assertEquals(Map.of("last_id", 25), result.state());
            assertEquals(List.of(Map.of("first", 21L, "last", 25L)), sync.rows("SELECT min(id) AS first, max(id) AS last FROM item"));
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
