///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
 * Tests of the connector, offline, on recordings written by hand after Oktopost's BI export API (GET /v2/bi-export,
 * GET /v2/bi-export/{id} and its LastRunFile, a ZIP of CSV files or a CSV file): recordings/ holds two syncs (a 500 on
 * a file retried; in the second only one export has a new run file), recordings-bad-key/ a 401, recordings-expired-link/
 * a run file link that answers an error page. Run: jbang connectorTest.java
 */
class connectorTest {
    private static final String FILES = "https://oktopost-bi-export.s3.amazonaws.com/exports/";

    private static TestSync sync(String recording) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("account_id", "001acme0account").configure("api_key", "okto-test-key-0123456789")
                .replay(Path.of(recording));
    }

    private static String type(TestSync sync, String table, String column) {
        return (String) sync.value("SELECT data_type FROM information_schema.columns WHERE table_schema = 'tester' AND table_name = '"
                + table + "' AND column_name = '" + column + "'");
    }

    @Test
    void eachActiveExportsNewRunFileIsSyncedOnceEachCsvFileATable() {
        try (TestSync sync = sync("recordings")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(10L, first.counts().upserts(), "3 exports listed, 2 active with details, 5 CSV rows");
            assertEquals(3L, first.counts().checkpoints(), "the list, then each active export");
            assertEquals(Map.of("last_run_files", Map.of("0BE1a2b3c4d5e6f", FILES + "0BE1a2b3c4d5e6f/2024-03-10-post-analytics.zip",
                    "0BE7g8h9i0j1k2l", FILES + "0BE7g8h9i0j1k2l/2024-03-10-Engagement-Metrics.csv")), first.state());
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("WARN") && line.contains("500")), sync.log()::toString);

            assertEquals(List.of("active", "paused", "active"),
                    sync.rows("SELECT status FROM export_list_metadata ORDER BY id").stream().map(row -> row.get("status")).toList());
            assertEquals("2024-03-10-post-analytics.zip", sync.value("SELECT source_filename FROM active_export_metadata WHERE id = '0BE1a2b3c4d5e6f'"));
            assertEquals(List.of(Map.of("post_id", "501", "network", "LinkedIn", "message", "Spring launch, part 1", "clicks", "42",
                            "export_id", "0BE1a2b3c4d5e6f", "source_filename", "2024-03-10-Post-Analytics.csv"),
                            Map.of("post_id", "502", "network", "Twitter", "message", "Say \"hi\"", "clicks", "7",
                                    "export_id", "0BE1a2b3c4d5e6f", "source_filename", "2024-03-10-Post-Analytics.csv")),
                    sync.rows("SELECT post_id, network, message, clicks, export_id, source_filename FROM post_analytics ORDER BY post_id"),
                    "quoted fields as CSV writes them; one table per CSV file of the ZIP");
            assertEquals("Spring launch", sync.value("SELECT campaign_name FROM campaign_performance"));
            assertEquals(0L, sync.value("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'tester' AND table_name = 'about'"),
                    "a file that is not CSV is skipped");
            assertEquals(2L, sync.value("SELECT count(*) FROM engagement_metrics"));
            assertNull(sync.value("SELECT comments FROM engagement_metrics WHERE network = 'Twitter'"), "an empty field is null");
            assertEquals("VARCHAR", type(sync, "post_analytics", "clicks"));
            assertEquals("UHUGEINT", type(sync, "post_analytics", "_fivetran_id"), "no primary key: Fivetran's row hash");
            assertEquals("VARCHAR", type(sync, "export_list_metadata", "id"));

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(6L, second.counts().upserts(), "the list, the two details, and the one new row");
            assertTrue(sync.log().contains("INFO export 0BE1a2b3c4d5e6f: no new run file"), sync.log()::toString);
            assertEquals(FILES + "0BE7g8h9i0j1k2l/2024-03-11-Engagement-Metrics.csv",
                    ((Map<?, ?>) second.state().get("last_run_files")).get("0BE7g8h9i0j1k2l"));
            assertEquals(3L, sync.value("SELECT count(*) FROM engagement_metrics"));
            assertEquals("21", sync.value("SELECT likes FROM engagement_metrics WHERE date = '2024-03-10'"));
            assertEquals(2L, sync.value("SELECT count(*) FROM post_analytics"), "not downloaded again");
        }
    }

    @Test
    void wrongCredentialsFailTheSyncAtTheList() {
        try (TestSync sync = sync("recordings-bad-key")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("GET https://api.oktopost.com/v2/bi-export failed: 401: "
                    + "{\"Result\":false,\"Errors\":{\"Auth\":\"Invalid credentials\"}}"), result.failure());
            assertFalse(result.failure().contains("okto-test-key"));
        }
    }

    @Test
    void aRunFileThatIsNotAZipIsSkippedAndTriedAgainNextTime() {
        try (TestSync sync = sync("recordings-expired-link")) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertTrue(sync.log().contains("WARN export 0BE1a2b3c4d5e6f skipped: the ZIP archive cannot be read: it is not a ZIP archive: "
                    + "it starts with \"<?xm\""), sync.log()::toString);
            assertEquals(Map.of("last_run_files", Map.of("0BE7g8h9i0j1k2l", FILES + "0BE7g8h9i0j1k2l/2024-03-10-Engagement-Metrics.csv")),
                    result.state(), "the skipped export's file is not marked synced");
            assertEquals(1L, sync.value("SELECT count(*) FROM engagement_metrics"));
        }
    }

    @Test
    void exportIdsLimitTheExportsSynced() {
        try (TestSync sync = sync("recordings").configure("export_ids", "0BE1a2b3c4d5e6f, 0BE3m4n5o6p7q8r")) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertEquals(Map.of("last_run_files", Map.of("0BE1a2b3c4d5e6f", FILES + "0BE1a2b3c4d5e6f/2024-03-10-post-analytics.zip")), result.state());
            assertEquals(0L, sync.value("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'tester' AND table_name = 'engagement_metrics'"));
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
