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
 * Tests of the connector, offline, on a smaller source than configuration.json's (25,000 rows, then 30,000): it
 * checkpoints as it goes, and the next sync writes only the new rows. Run: jbang connectorTest.java
 */
class connectorTest {
    @Test
    void checkpointsAsItGoesAndResumesOnlyWithTheNewRows() {
        try (TestSync sync = TestSync.of(new Connector(connector::update)).configuration(Path.of("configuration.json"))
                .configure("source_rows", "25000").configure("page_size", "10000").configure("checkpoint_every", "10000")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(6L, first.counts().checkpoints(), "3 pages; the stream at 10,000, 20,000 and its end");
            assertEquals(50000L, first.counts().upserts());
            assertEquals(Map.of("paged_last_id", 25000, "streamed_last_id", 25000), first.state());
            assertEquals(List.of(Map.of("paged", 25000L, "streamed", 25000L, "distinct_ids", 25000L)), sync.rows(
                    "SELECT (SELECT count(*) FROM paged_orders) AS paged, (SELECT count(*) FROM streamed_orders) AS streamed, "
                            + "(SELECT count(DISTINCT id) FROM streamed_orders) AS distinct_ids"));
            assertTrue(sync.log().containsAll(List.of("INFO paged_orders: synced up to id 10000", "INFO paged_orders: synced up to id 25000",
                    "INFO streamed_orders: synced 25000 rows")), sync.log()::toString);

            SyncResult second = sync.configure("source_rows", "30000").run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(10000L, second.counts().upserts(), "5,000 new rows per table");
            assertEquals(Map.of("paged_last_id", 30000, "streamed_last_id", 30000), second.state());
            assertTrue(sync.log().contains("INFO streamed_orders: synced 5000 rows"), sync.log()::toString);
            assertEquals(List.of(Map.of("paged", 30000L, "streamed", 30000L)), sync.rows(
                    "SELECT (SELECT count(*) FROM paged_orders) AS paged, (SELECT count(*) FROM streamed_orders) AS streamed"));
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
