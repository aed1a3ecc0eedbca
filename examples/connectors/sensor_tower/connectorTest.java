///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline, on recordings written by hand after Sensor Tower's API documentation
 * (/v1/{os}/sales_report_estimates, /v1/{os}/usage/active_users, /v1/{os}/usage/retention, the token in auth_token):
 * recordings/ holds two syncs (the first over three date windows, one request rate limited once; the second from the
 * look-back before the saved end dates), recordings-bad-token/ a 401. Each sync's last day is set with end_date (the
 * recordings' today). The replay redacts each sync's requests with the configuration it runs with, so {{config.end_date}}
 * in the recordings stands for 2024-03-10 in the first sync's and for 2024-03-12 in the second's.
 * Run: jbang connectorTest.java
 */
class connectorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestSync sync(String recording) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("auth_token", "st-test-token-0123456789")
                .configure("ios_app_ids", "284882215,310633997").configure("android_app_ids", "com.facebook.katana")
                .configure("retention_countries", "US,GB").configure("initial_days", "10").configure("look_back_days", "2")
                .configure("window_days", "5").configure("end_date", "2024-03-10")
                .replay(Path.of(recording));
    }

    private static String type(TestSync sync, String table, String column) {
        return (String) sync.value("SELECT data_type FROM information_schema.columns WHERE table_schema = 'tester' AND table_name = '"
                + table + "' AND column_name = '" + column + "'");
    }

    @Test
    void theFirstSyncReadsTheRangeWindowByWindowAndTheNextFromTheLookBack() throws Exception {
        try (TestSync sync = sync("recordings")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(Map.of("sales_report_estimates", "2024-03-10", "active_users", "2024-03-10", "retention", "2024-03-10"), first.state());
            assertEquals(43L, first.counts().upserts(), "33 daily estimates, 6 active-user rows, 4 retention rows");
            assertEquals(15L, first.counts().checkpoints());
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("WARN") && line.contains("429")), sync.log()::toString);

            Map<String, Object> iphone = sync.rows("SELECT * FROM sales_report_estimates WHERE app_id = '284882215' AND date = DATE '2024-03-01'").get(0);
            assertEquals("US", iphone.get("country_code"));
            assertEquals(1001L, iphone.get("iphone_downloads"));
            assertEquals(250001L, iphone.get("iphone_revenue"), "in cents, as Sensor Tower gives it");
            assertEquals(201L, iphone.get("ipad_downloads"));
            assertEquals("ios", iphone.get("os"));
            assertNull(iphone.get("android_downloads"));
            Map<String, Object> android = sync.rows("SELECT * FROM sales_report_estimates WHERE app_id = 'com.facebook.katana' AND date = DATE '2024-03-01'").get(0);
            assertEquals(8001L, android.get("android_downloads"));
            assertEquals(120001L, android.get("android_revenue"));
            assertEquals(11L, sync.value("SELECT count(DISTINCT date) FROM sales_report_estimates"), "2024-02-29 to 2024-03-10");
            assertEquals("DATE", type(sync, "sales_report_estimates", "date"));
            assertEquals("BIGINT", type(sync, "sales_report_estimates", "iphone_revenue"));
            assertEquals("VARCHAR", type(sync, "sales_report_estimates", "app_id"));

            assertEquals(6L, sync.value("SELECT count(*) FROM active_users"), "one row per OS and time period");
            assertEquals(90000L, sync.value("SELECT iphone_users FROM active_users WHERE app_id = '284882215' AND time_period = 'week'"));
            assertEquals(JSON.readTree("[0.42, 0.252, 0.189]"),
                    sync.value("SELECT corrected_retention FROM retention WHERE app_id = '284882215' AND country = 'US'"));
            assertEquals("JSON", type(sync, "retention", "corrected_retention"));
            assertEquals(LocalDate.parse("2024-01-01"), sync.value("SELECT date FROM retention WHERE country = 'GB' AND os = 'android'"));

            SyncResult second = sync.configure("end_date", "2024-03-12").run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(Map.of("sales_report_estimates", "2024-03-12", "active_users", "2024-03-12", "retention", "2024-03-12"), second.state());
            assertEquals(25L, second.counts().upserts(), "15 estimates from 2024-03-08, 6 active-user rows, 4 retention rows");
            assertEquals(39L, sync.value("SELECT count(*) FROM sales_report_estimates"), "6 new days' rows, the look-back's replaced");
            assertEquals(1015L, sync.value("SELECT iphone_downloads FROM sales_report_estimates WHERE app_id = '284882215' AND date = DATE '2024-03-08'"),
                    "a revised estimate");
            assertEquals(1001L, sync.value("SELECT iphone_downloads FROM sales_report_estimates WHERE app_id = '284882215' AND date = DATE '2024-03-01'"),
                    "before the look-back: not read again");
            assertEquals(12L, sync.value("SELECT count(*) FROM active_users"));
            assertEquals(4L, sync.value("SELECT count(*) FROM retention"));
            assertEquals(JSON.readTree("[0.44, 0.264, 0.198]"),
                    sync.value("SELECT corrected_retention FROM retention WHERE app_id = '284882215' AND country = 'US'"));
        }
    }

    @Test
    void aTokenSensorTowerRefusesFailsTheSync() {
        try (TestSync sync = sync("recordings-bad-token")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("GET https://api.sensortower.com/v1/ios/sales_report_estimates?app_ids=…&start_date=…&end_date=…"
                    + "&date_granularity=… failed: 401: {\"errors\":[\"Invalid authentication credentials\"]}"), result.failure());
            assertFalse(result.failure().contains("st-test-token"));
        }
    }

    @Test
    void noAppIsNamed() {
        try (TestSync sync = sync("recordings").configure("ios_app_ids", "").configure("android_app_ids", " ")) {
            assertTrue(sync.run().failure().endsWith("configuration 'ios_app_ids' or 'android_app_ids' must name at least one app"));
        }
    }

    @Test
    void anEndDateThatIsNotADateIsNamed() {
        try (TestSync sync = sync("recordings").configure("end_date", "10.03.2024")) {
            assertTrue(sync.run().failure().endsWith("configuration value of 'end_date' is not a date as YYYY-MM-DD"));
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
