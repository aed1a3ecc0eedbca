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
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline, on recordings written by hand after GitHub's REST API documentation of repository
 * traffic (views, clones, popular referrers and paths; the rate-limit headers; 401 and 403 answers): recordings/ (two
 * syncs of two repositories, one WireMock scenario per endpoint, and GitHub's 403 rate-limit answer before the first
 * request), recordings-unauthorized/ (401 Bad credentials) and recordings-forbidden/ (403, no push access). Not the
 * live API. Run: jbang connectorTest.java
 */
class connectorTest {
    private static TestSync sync(String recording) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("personal_access_token", "github_pat_test_0123456789")
                .configure("repositories", "octo-org/octo-app, octo-org/octo-lib")
                .replay(Path.of(recording));
    }

    private static Map<String, String> types(TestSync sync, String table) {
        Map<String, String> types = new HashMap<>();
        sync.rows("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = '" + table + "'")
                .forEach(column -> types.put((String) column.get("column_name"), (String) column.get("data_type")));
        return types;
    }

    @Test
    void trafficIsSyncedPerRepositoryThenOnlyFromTheLastDayAndTodaysTopListsAreKeptCurrent() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        try (TestSync sync = sync("recordings")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("WARN") && line.contains("403")), sync.log()::toString);
            assertEquals(2L, first.counts().checkpoints(), "one per repository");
            assertEquals(4L, sync.value("SELECT count(*) FROM repository_views"));
            assertEquals(2L, sync.value("SELECT count(*) FROM repository_clones"));
            assertEquals(4L, sync.value("SELECT count(*) FROM repository_referrers"));
            assertEquals(2L, sync.value("SELECT count(*) FROM repository_paths"));
            Map<String, Object> day = sync.rows("SELECT * FROM repository_views WHERE repository = 'octo-org/octo-app' ORDER BY timestamp").get(0);
            assertEquals(OffsetDateTime.of(2024, 3, 1, 0, 0, 0, 0, ZoneOffset.UTC), day.get("timestamp"));
            assertEquals(120, day.get("count"));
            assertEquals(40, day.get("uniques"));
            Map<String, Object> path = sync.rows("SELECT * FROM repository_paths WHERE path = '/octo-org/octo-app/releases'").get(0);
            assertEquals("Releases · octo-org/octo-app", path.get("title"));
            assertEquals(today, path.get("fetch_date"));
            assertEquals(Map.of("repository", "VARCHAR", "timestamp", "TIMESTAMP WITH TIME ZONE", "count", "INTEGER", "uniques", "INTEGER"),
                    Map.of("repository", types(sync, "repository_views").get("repository"), "timestamp", types(sync, "repository_views").get("timestamp"),
                            "count", types(sync, "repository_views").get("count"), "uniques", types(sync, "repository_views").get("uniques")));
            assertEquals("DATE", types(sync, "repository_referrers").get("fetch_date"));
            Map<String, Object> app = Map.of("views", "2024-03-03T00:00:00Z", "clones", "2024-03-03T00:00:00Z",
                    "referrers", List.of("Google", "github.com", "news.ycombinator.com"),
                    "paths", List.of("/octo-org/octo-app", "/octo-org/octo-app/releases"), "fetch_date", today.toString());
            assertEquals(app, first.state().get("octo-org/octo-app"));
            assertEquals(Map.of("views", "2024-03-03T00:00:00Z", "referrers", List.of("Google"), "paths", List.of(), "fetch_date", today.toString()),
                    first.state().get("octo-org/octo-lib"), "no clones: no cursor");

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(11L, second.counts().upserts(), "views from the last day synced on (app 03 and 04, lib 03 and 04), app clones"
                    + " from 03 (02 is complete), and today's top lists (app 2 referrers and 2 paths, lib 1 and 1)");
            assertEquals(1L, second.counts().deletes(), "news.ycombinator.com left today's top referrers");
            assertEquals(88, sync.value("SELECT count FROM repository_views WHERE repository = 'octo-org/octo-app' AND timestamp = '2024-03-03T00:00:00Z'"));
            assertEquals(4L, sync.value("SELECT count(*) FROM repository_views WHERE repository = 'octo-org/octo-app'"));
            assertEquals(true, sync.value("SELECT _fivetran_deleted FROM repository_referrers WHERE referrer = 'news.ycombinator.com'"));
            assertEquals(332, sync.value("SELECT count FROM repository_referrers WHERE repository = 'octo-org/octo-app' AND referrer = 'Google'"));
            assertEquals("2024-03-04T00:00:00Z", ((Map<?, ?>) second.state().get("octo-org/octo-app")).get("views"));
        }
    }

    @Test
    void aBadTokenFailsTheSyncNamingTheKey() {
        try (TestSync sync = sync("recordings-unauthorized")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("GitHub refused the personal_access_token (401)"), result.failure());
            assertTrue(result.failure().contains("Bad credentials"), result.failure());
            assertTrue(result.state().isEmpty());
        }
    }

    @Test
    void aRepositoryWithoutPushAccessIsSkippedWithAWarning() {
        try (TestSync sync = sync("recordings-forbidden").configure("repositories", "octo-org/octo-lib")) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("WARN") && line.contains("octo-org/octo-lib skipped")
                    && line.contains("Must have push access")), sync.log()::toString);
            assertEquals(0L, result.counts().upserts());
        }
        try (TestSync sync = sync("recordings").configure("repositories", "octo-app")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("configuration 'repositories': 'octo-app' is not of the form owner/repo"), result.failure());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
