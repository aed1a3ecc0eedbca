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
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline, on recordings written by hand after Customer Thermometer's API documentation
 * (api.php with getMethod, apiKey, fromDate and endDate; XML lists, plain-text metrics): recordings/ holds two syncs
 * (the first over three date windows, with a 503 retried; the second from the saved cursors, with a 429 retried),
 * recordings-bad-key/ a key the API refuses. Each sync's last day is set with to_date (the recordings' today). The replay
 * redacts each sync's requests with the configuration it runs with, so {{config.to_date}} in the recordings stands for
 * 2024-03-10 in the first sync's and for 2024-03-12 in the second's.
 * Run: jbang connectorTest.java
 */
class connectorTest {
    private static TestSync sync(String recording) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("api_key", "ct-test-key-0123456789").configure("from_date", "2024-01-01").configure("window_days", "30")
                .configure("to_date", "2024-03-10")
                .replay(Path.of(recording));
    }

    private static String type(TestSync sync, String table, String column) {
        return (String) sync.value("SELECT data_type FROM information_schema.columns WHERE table_schema = 'tester' AND table_name = '"
                + table + "' AND column_name = '" + column + "'");
    }

    @Test
    void theFirstSyncReadsEveryWindowAndTheSecondOnlyFromTheSavedCursors() {
        try (TestSync sync = sync("recordings")) {
            Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
            SyncResult first = sync.run();
            Instant after = Instant.now();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(Map.of("comment_from_date", "2024-03-10", "blast_result_from_date", "2024-03-10", "metric_from_date", "2024-03-10"),
                    first.state(), "to_date is read again next time");
            assertEquals(19L, first.counts().upserts(), "5 comments, 3 blast results, 2 lists, 3 thermometers, 6 metrics");
            assertEquals(9L, first.counts().checkpoints(), "one per window of each dated table, one per list, one for the metrics");
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("WARN") && line.contains("503")), sync.log()::toString);
            assertEquals(List.of("9001", "9002", "9010", "9011", "9020"),
                    sync.rows("SELECT response_id FROM comment ORDER BY response_id").stream().map(row -> row.get("response_id")).toList());

            Map<String, Object> comment = sync.rows("SELECT * FROM comment WHERE response_id = '9001'").get(0);
            assertEquals("Quick & friendly, thank you!", comment.get("comment"), "XML entities decoded");
            assertEquals("2024-01-05 09:12:44", comment.get("date_submitted"));
            assertEquals("Acme Ltd", comment.get("company_name"));
            assertNull(sync.value("SELECT company_name FROM comment WHERE response_id = '9002'"), "an empty element is null");
            assertEquals("gold-plan", sync.value("SELECT custom_1 FROM blast_result WHERE response_id = '9001'"));
            assertEquals(3L, sync.value("SELECT count(*) FROM blast_result"));
            assertEquals(2L, sync.value("SELECT count(*) FROM recipient_list"));
            assertEquals(3L, sync.value("SELECT count(*) FROM thermometer"));
            for (String column : List.of("response_id", "date_submitted", "comment", "temperature_id")) {
                assertEquals("VARCHAR", type(sync, "comment", column), column);
            }
            assertEquals("TIMESTAMP WITH TIME ZONE", type(sync, "metric", "recorded_at"));
            assertEquals("DATE", type(sync, "metric", "from_date"));
            assertEquals("VARCHAR", type(sync, "metric", "metric_value"));

            Map<String, Object> nps = sync.rows("SELECT * FROM metric WHERE metric_name = 'nps'").get(0);
            assertEquals("20", nps.get("metric_value"));
            Instant recordedAt = ((OffsetDateTime) nps.get("recorded_at")).toInstant();
            assertTrue(!recordedAt.isBefore(before) && !recordedAt.isAfter(after), "the time of the sync: " + recordedAt);
            assertEquals(LocalDate.parse("2024-01-01"), nps.get("from_date"));
            assertEquals(LocalDate.parse("2024-03-10"), nps.get("to_date"));
            assertEquals(List.of("happiness", "nps", "numresponses", "responserate", "sendquota", "temprating"),
                    sync.rows("SELECT metric_name FROM metric ORDER BY 1").stream().map(row -> row.get("metric_name")).toList());

            SyncResult second = sync.configure("to_date", "2024-03-12").run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(Map.of("comment_from_date", "2024-03-12", "blast_result_from_date", "2024-03-12", "metric_from_date", "2024-03-12"),
                    second.state());
            assertEquals(14L, second.counts().upserts(), "2 comments (one re-read), 1 blast result, 3 lists, 2 thermometers, 6 metrics");
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("WARN") && line.contains("429")), sync.log()::toString);
            assertEquals(6L, sync.value("SELECT count(*) FROM comment"), "the re-read comment is the same row");
            assertEquals("Fine, thanks", sync.value("SELECT comment FROM comment WHERE response_id = '9030'"));
            assertEquals(4L, sync.value("SELECT count(*) FROM blast_result"));
            assertEquals(3L, sync.value("SELECT count(*) FROM recipient_list WHERE NOT _fivetran_deleted"));
            assertEquals("Order delivered (2024)", sync.value("SELECT name FROM thermometer WHERE id = '12'"));
            assertEquals(true, sync.value("SELECT _fivetran_deleted FROM thermometer WHERE id = '13'"), "no longer listed: deleted");
            assertEquals(2L, sync.value("SELECT count(*) FROM thermometer WHERE NOT _fivetran_deleted"));
            assertEquals(12L, sync.value("SELECT count(*) FROM metric"), "one row per metric and sync");
            assertEquals("100", sync.value("SELECT metric_value FROM metric WHERE metric_name = 'nps' AND to_date = DATE '2024-03-12'"));
        }
    }

    @Test
    void aKeyTheApiRefusesFailsTheSyncNamingTheRequestAndTheAnswer() {
        try (TestSync sync = sync("recordings-bad-key")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("GET https://app.customerthermometer.com/api.php?getMethod=…&fromDate=…&endDate=… failed: 401: Invalid API Key"),
                    result.failure());
            assertFalse(result.failure().contains("ct-test-key"), "the key is never shown");
            assertEquals(Map.of(), result.state());
        }
    }

    @Test
    void aMissingKeyOrABadDateIsNamed() {
        try (TestSync sync = sync("recordings").configure("api_key", "")) {
            assertTrue(sync.run().failure().endsWith("configuration key 'api_key' is empty; give it a value in the configuration"));
        }
        try (TestSync sync = sync("recordings").configure("from_date", "01/01/2024")) {
            assertTrue(sync.run().failure().endsWith("configuration value of 'from_date' is not a date as YYYY-MM-DD"));
        }
        try (TestSync sync = sync("recordings").configure("to_date", "2023-12-31")) {
            assertTrue(sync.run().failure().endsWith("configuration 'to_date' must not be before 'from_date'"));
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
