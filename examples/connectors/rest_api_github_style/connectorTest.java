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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline: its HTTP is answered from recordings/, two syncs in a row of the SDK's example API
 * (recorded with TestSync.record, see README.md) with its 429 and 403 rate-limit answers, and one 500 added by hand
 * before the second sync's request. Run: jbang connectorTest.java
 */
class connectorTest {
    private static TestSync sync() {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json")).configure("base_url", "https://api.example.com")
                .replay(Path.of("recordings"));
    }

    private static boolean logged(TestSync sync, String start, String end) {
        return sync.log().stream().anyMatch(line -> line.startsWith(start) && line.contains(end));
    }

    @Test
    void githubStyleApiWaitsOutRateLimitsFollowsLinksAndSyncsIncrementally() {
        try (TestSync sync = sync()) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertTrue(sync.log().contains("INFO reading issues updated since 1970-01-01T00:00:00Z"), sync.log()::toString);
            String issues = "WARN GET https://api.example.com/github/repos/octo-org/octo-repo/issues?per_page=…&since=…&page=…: ";
            assertTrue(logged(sync, issues + "429; retrying in ", "(attempt 2 of 6)"), sync.log()::toString);
            assertTrue(logged(sync, issues + "403; retrying in ", "(attempt 2 of 6)"), sync.log()::toString);
            assertEquals(Map.of("since", "2024-01-03T12:00:00Z"), first.state());
            assertEquals(6L, first.counts().checkpoints(), "a checkpoint per page of 5");
            assertEquals(List.of(Map.of("n", 30L, "octocat", 15L, "bugs", 10L)), sync.rows(
                    "SELECT count(*) AS n, count(*) FILTER (user->>'login' = 'octocat') AS octocat, "
                            + "count(*) FILTER (labels->0->>'name' = 'bug') AS bugs FROM issue"));
            assertEquals(List.of(Map.of("number", 30, "title", "Issue 30", "state", "open",
                            "created_at", OffsetDateTime.of(2024, 1, 2, 6, 0, 0, 0, ZoneOffset.UTC),
                            "updated_at", OffsetDateTime.of(2024, 1, 3, 12, 0, 0, 0, ZoneOffset.UTC))),
                    sync.rows("SELECT number, title, state, created_at, updated_at FROM issue WHERE id = 1000030"));

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertTrue(sync.log().contains("INFO reading issues updated since 2024-01-03T12:00:00Z"), sync.log()::toString);
            assertEquals(1L, second.counts().upserts(), "only the issue updated at 'since' again");
            assertEquals(Map.of("since", "2024-01-03T12:00:00Z"), second.state());
            assertEquals(30L, sync.value("SELECT count(*) FROM issue"));
        }
    }

    @Test
    void aServerErrorIsRetried() {
        try (TestSync sync = sync().state(Map.of("since", "2024-01-03T12:00:00Z"))) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertTrue(logged(sync, "WARN GET https://api.example.com/github/repos/octo-org/octo-repo/issues?", ": 500; retrying in "),
                    "the 500 of recordings/mappings/fault-500-before-009.json: " + sync.log());
            assertEquals(1L, result.counts().upserts());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
