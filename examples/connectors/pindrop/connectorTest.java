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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline, on recordings written by hand after Pindrop's API documentation of its OAuth2
 * client-credentials token endpoint and nightly reports (CSV per report type and day): recordings/ answers, in order,
 * the token requests (a second one after a 401 of an expired token) and each report type's days (a 503 retried, a 404
 * for a report not generated yet), for two syncs; recordings-bad-client/ refuses the client. The days are the test's
 * own (today minus two to today, in UTC), so the report URLs are matched by pattern and answered in order.
 * Not the live API. Run: jbang connectorTest.java
 */
class connectorTest {
    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    private static TestSync sync(String recording) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("client_id", "fivetran-connector-test").configure("client_secret", "test-client-secret")
                .configure("report_types", "calls,blacklist").configure("initial_sync_date", TODAY.minusDays(2).toString())
                .configure("requests_per_second", "50")
                .replay(Path.of(recording));
    }

    @Test
    void eachReportDayIsReadOnceAndTheLastDaysAgainWithTheTokenRenewedAfterA401() {
        try (TestSync sync = sync("recordings")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertTrue(sync.log().contains("INFO the access token was refused: requesting a new one"), sync.log()::toString);
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("WARN") && line.contains("503")), sync.log()::toString);
            assertEquals(7L, first.counts().upserts());
            assertEquals(6L, first.counts().checkpoints(), "one per report type and day");
            assertEquals(Map.of("last_report_date", Map.of("calls", TODAY.toString(), "blacklist", TODAY.toString())), first.state());
            assertTrue(sync.log().contains("INFO pindrop: calls " + TODAY + ", no report (404)"), sync.log()::toString);

            Map<String, Object> call = sync.rows("SELECT * FROM calls WHERE id = 'c-1002'").get(0);
            assertEquals(TODAY.minusDays(2), call.get("report_date"));
            assertEquals("calls", call.get("report_type"));
            assertEquals("+14155550102", call.get("ani"));
            assertEquals("87.0", call.get("risk_score"), "CSV values are text");
            assertNull(sync.value("SELECT risk_score FROM calls WHERE id = 'c-1003'"), "an empty field is null");
            assertEquals("review, manual", sync.value("SELECT authentication_result FROM calls WHERE id = 'c-1005'"));
            assertEquals(2L, sync.value("SELECT count(*) FROM blacklist"));
            Map<String, String> types = new HashMap<>();
            sync.rows("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = 'calls'")
                    .forEach(column -> types.put((String) column.get("column_name"), (String) column.get("data_type")));
            assertEquals("DATE", types.get("report_date"));
            assertEquals("VARCHAR", types.get("id"));
            assertEquals("VARCHAR", types.get("duration_seconds"));
            assertEquals(List.of("report_date", "phone_number"), sync.rows("SELECT unnest(constraint_column_names) AS c FROM duckdb_constraints()"
                    + " WHERE table_name = 'blacklist' AND constraint_type = 'PRIMARY KEY'").stream().map(r -> r.get("c")).toList());

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(4L, second.counts().upserts(), "yesterday again (calls 2, blacklist none) and today (calls 1, blacklist 1)");
            assertEquals(4L, second.counts().checkpoints(), "lookback_days 2: yesterday and today, per report type");
            assertEquals("authenticated", sync.value("SELECT authentication_result FROM calls WHERE id = 'c-1005'"));
            assertEquals(TODAY, sync.value("SELECT report_date FROM calls WHERE id = 'c-1006'"));
            assertEquals(6L, sync.value("SELECT count(*) FROM calls"));
            assertEquals(3L, sync.value("SELECT count(*) FROM blacklist"));
            assertEquals(first.state(), second.state());
        }
    }

    @Test
    void refusedClientCredentialsFailTheSyncNamingTheKeys() {
        try (TestSync sync = sync("recordings-bad-client")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("the token endpoint refused the client_credentials grant (401): check configuration 'client_id'"
                    + " and 'client_secret'"), result.failure());
            assertTrue(result.failure().contains("invalid_client"), result.failure());
            assertTrue(result.state().isEmpty());
        }
    }

    @Test
    void anUnknownReportTypeOrABadDateIsNamed() {
        try (TestSync sync = sync("recordings").configure("report_types", "calls,voicemail")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("configuration 'report_types': 'voicemail' is not one of"), result.failure());
        }
        try (TestSync sync = sync("recordings").configure("initial_sync_date", "07/07/2025")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("configuration value of 'initial_sync_date' is not a date as YYYY-MM-DD"), result.failure());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
