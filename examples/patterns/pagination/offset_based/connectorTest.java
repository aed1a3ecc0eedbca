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
 * Tests of the connector, offline: its HTTP is answered from recordings/, a sync of the SDK's example API recorded with
 * jbang example-api --record=recordings. Run: jbang connectorTest.java
 */
class connectorTest {
    private static TestSync sync() {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json")).configure("base_url", "https://api.example.com")
                .replay(Path.of("recordings"));
    }

    @Test
    void everyPageIsReadUntilOneHoldsFewerThanLimit() {
        try (TestSync sync = sync()) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertEquals(25L, result.counts().upserts());
            assertEquals(3L, result.counts().checkpoints(), "a checkpoint per page");
            assertEquals(List.of(Map.of("n", 25L, "ids", 325L)),
                    sync.rows("SELECT count(*) AS n, sum(id)::BIGINT AS ids FROM item WHERE NOT _fivetran_deleted"));
            assertEquals(List.of(Map.of("name", "item 25", "price", 31.25, "updated_at", OffsetDateTime.of(2024, 1, 2, 1, 0, 0, 0, ZoneOffset.UTC))),
                    sync.rows("SELECT name, price, updated_at FROM item WHERE id = 25"));
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
