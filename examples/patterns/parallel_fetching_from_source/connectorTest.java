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
 * Tests of the connector, offline (its source is emulated; 30,000 rows in pages of 2,000 on 4 threads): every page
 * is written from its thread, and the cursor is checkpointed only after each whole batch. Run: jbang connectorTest.java
 */
class connectorTest {
    private static TestSync sync() {
        return TestSync.of(new Connector(connector::update)).configuration(Path.of("configuration.json"))
                .configure("source_rows", "30000").configure("page_size", "2000").configure("threads", "4");
    }

    @Test
    void everyPageIsWrittenFromSeveralThreads() {
        try (TestSync sync = sync()) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertEquals(4L, result.counts().checkpoints(), "15 pages in batches of 4, 4, 4 and 3");
            assertEquals(30_000L, result.counts().upserts());
            assertEquals(Map.of("last_id", 30000), result.state());
            assertEquals(List.of(Map.of("n", 30000L, "ids", 30000L, "first", 1L, "last", 30000L)), sync.rows(
                    "SELECT count(*) AS n, count(DISTINCT id) AS ids, min(id) AS first, max(id) AS last FROM orders"));
            assertTrue(sync.log().contains("INFO synced up to id 30000 with 3 pages in parallel"), sync.log()::toString);
        }
    }

    @Test
    void aSyncResumesAfterTheLastCheckpointedBatch() {
        try (TestSync sync = sync().state(Map.of("last_id", 24000))) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertEquals(6_000L, result.counts().upserts());
            assertEquals(1L, result.counts().checkpoints());
            assertEquals(24001L, sync.value("SELECT min(id) FROM orders"));
            assertEquals(Map.of("last_id", 30000), result.state());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
