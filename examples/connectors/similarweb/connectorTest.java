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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline, on recordings written by hand after Similarweb's Batch API documentation
 * (POST /batch/v4/request-report, GET /v3/batch/request-status/{id}, the CSV behind download_url): recordings/ holds two
 * syncs (the first as two reports, its first request rate limited once; the second only from the last day synced),
 * recordings-report-failed/ a report that fails, recordings-bad-key/ a 401. The request bodies are matched as JSON, the
 * api-key header must be sent to Similarweb and must not be sent to the download host. Each sync's last day is set with
 * end_date (the recordings' today minus delay_days); the report name's sync date, today's, is matched by a pattern. The
 * replay redacts each sync's requests with the configuration it runs with, so {{config.end_date}} in the recordings
 * stands for 2024-03-16 in the first sync's and for 2024-03-17 in the second's.
 * Run: jbang connectorTest.java
 */
class connectorTest {
    private static TestSync sync(String recording) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("api_key", "sw-test-key-0123456789").configure("domains", "chatgpt.com,claude.ai")
                .configure("metrics", "all_traffic_visits,desktop_visits").configure("initial_days", "3").configure("window_days", "2")
                .configure("poll_interval_seconds", "0.01").configure("end_date", "2024-03-16")
                .replay(Path.of(recording));
    }

    private static String type(TestSync sync, String column) {
        return (String) sync.value("SELECT data_type FROM information_schema.columns WHERE table_schema = 'tester' AND table_name = "
                + "'all_traffic_visits' AND column_name = '" + column + "'");
    }

    @Test
    void theFirstSyncRequestsReportsWindowByWindowAndTheNextOnlyTheNewDays() {
        try (TestSync sync = sync("recordings")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(Map.of("end_date", "2024-03-16"), first.state(), "the configured end_date");
            assertEquals(12L, first.counts().upserts(), "2 domains x 2 countries x 3 days");
            assertEquals(2L, first.counts().checkpoints(), "one per report");
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("WARN") && line.contains("429")), sync.log()::toString);
            assertTrue(sync.log().contains("INFO Similarweb report 6a0c6f1e-0001 finished (3 polls)"), sync.log()::toString);
            assertTrue(sync.log().contains("INFO report 6a0c6f1e-0002: 4 rows from 2024-03-16 to 2024-03-16"), sync.log()::toString);

            Map<String, Object> row = sync.rows("SELECT * FROM all_traffic_visits WHERE domain = 'claude.ai' AND country = 'WW' "
                    + "AND date = DATE '2024-03-14'").get(0);
            assertEquals(LocalDate.parse("2024-03-14"), row.get("date"));
            assertEquals(6014000.0, row.get("all_traffic_visits"));
            assertEquals(2405600.0, row.get("desktop_visits"));
            assertEquals("DATE", type(sync, "date"));
            assertEquals("DOUBLE", type(sync, "all_traffic_visits"));
            assertEquals("DOUBLE", type(sync, "desktop_visits"));
            assertEquals("VARCHAR", type(sync, "domain"));
            assertEquals(List.of(Map.of("days", 3L, "domains", 2L, "countries", 2L)), sync.rows(
                    "SELECT count(DISTINCT date) AS days, count(DISTINCT domain) AS domains, count(DISTINCT country) AS countries FROM all_traffic_visits"));

            SyncResult second = sync.configure("end_date", "2024-03-17").run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(Map.of("end_date", "2024-03-17"), second.state());
            assertEquals(8L, second.counts().upserts(), "the last day again (revised) and the new day");
            assertEquals(16L, sync.value("SELECT count(*) FROM all_traffic_visits"));
            assertEquals(2016001.5, sync.value("SELECT all_traffic_visits FROM all_traffic_visits WHERE domain = 'claude.ai' AND country = 'US' "
                    + "AND date = DATE '2024-03-16'"), "the revised value replaced the first");

            SyncResult third = sync.run();
            assertTrue(third.succeeded(), third.failure());
            assertEquals(0L, third.counts().upserts(), "the same end_date: no new day to report");
            assertTrue(sync.log().contains("INFO no day after 2024-03-17 to sync yet (the last day to sync is 2024-03-17)"), sync.log()::toString);
            assertEquals(Map.of("end_date", "2024-03-17"), third.state());
        }
    }

    @Test
    void aReportThatFailsStopsTheSyncNamingItsLastStatus() {
        try (TestSync sync = sync("recordings-report-failed")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("Similarweb report 6a0c6f1e-0001 failed: {\"report_id\":\"6a0c6f1e-0001\",\"status\":\"failed\","
                    + "\"error\":\"Internal error while generating the report\"}"), result.failure());
            assertEquals(Map.of(), result.state());
        }
    }

    @Test
    void aKeySimilarwebRefusesFailsTheSync() {
        try (TestSync sync = sync("recordings-bad-key")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("POST https://api.similarweb.com/batch/v4/request-report failed: 401: "
                    + "{\"error\":\"Unauthorized\",\"message\":\"Invalid API key\"}"), result.failure());
            assertFalse(result.failure().contains("sw-test-key"));
        }
    }

    @Test
    void anEndDateThatIsNotADateIsNamed() {
        try (TestSync sync = sync("recordings").configure("end_date", "16/03/2024")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().endsWith("configuration value of 'end_date' is not a date as YYYY-MM-DD"),
                    result.failure());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
