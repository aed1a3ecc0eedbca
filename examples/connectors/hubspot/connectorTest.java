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
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline, on recordings written by hand after HubSpot's documented Events API
 * (GET /events/v3/events: results, paging.next.after; its 429 and 401 error bodies and rate-limit headers), replayed
 * in order as WireMock scenarios: recordings/ (two syncs of two event types, a 429 first), recordings-resume/ (a sync
 * resumed inside a saved window), recordings-unauthorized/ (a revoked token). Not the live API.
 * Run: jbang connectorTest.java
 */
class connectorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String VISITS = "e_visited_page";
    static final String TRIALS = "pe4431239_trial_started";

    /** {@code eventTypes} "" for the default, e_visited_page (a configuration value that also appeared in the query would be replayed as {{config.event_types}}). */
    private static TestSync sync(String recording, String eventTypes) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("api_token", "pat-na1-11111111-2222-3333-4444-555555555555")
                .configure("initial_sync_start_date", "2024-01-01T00:00:00Z")
                .configure("event_types", eventTypes).configure("page_size", "2")
                .replay(Path.of(recording));
    }

    @SuppressWarnings("unchecked")
    private static Instant windowEnd(SyncResult result, String eventType) {
        Map<String, Object> progress = (Map<String, Object>) result.state().get(eventType);
        assertEquals(List.of("occurred_after"), List.copyOf(progress.keySet()), "a finished window: no page cursor left: " + progress);
        return Instant.parse((String) progress.get("occurred_after"));
    }

    @Test
    void pagesOfEachEventTypeAreSyncedAfterARateLimitAndTheNextSyncReadsOnlyTheNewWindow() throws Exception {
        try (TestSync sync = sync("recordings", VISITS + "," + TRIALS)) {
            Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            Instant end = Instant.now();
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("WARN GET https://api.hubapi.com/events/v3/events?") && line.contains(": 429; retrying in ")),
                    sync.log()::toString);
            assertEquals(6L, first.counts().upserts());
            assertEquals(4L, first.counts().checkpoints(), "one per page: 3 of visits, 1 of custom events");
            Instant windowEnd = windowEnd(first, VISITS);
            assertTrue(!windowEnd.isBefore(start) && !windowEnd.isAfter(end), "the window ends at the sync's start: " + windowEnd);
            assertEquals(windowEnd, windowEnd(first, TRIALS));

            assertEquals(5L, sync.value("SELECT count(*) FROM e_visited_page"));
            Map<String, Object> visit = sync.rows("SELECT id, event_type, occurred_at, object_type, object_id, properties, hs_url, hs_page_title"
                    + " FROM e_visited_page WHERE id = '0b6a5c84-1d1e-4c55-9d0c-2f2b1c5f0001'").get(0);
            assertEquals("e_visited_page", visit.get("event_type"));
            assertEquals(OffsetDateTime.of(2024, 1, 2, 9, 15, 0, 123_000_000, ZoneOffset.UTC), visit.get("occurred_at"));
            assertEquals("CONTACT", visit.get("object_type"));
            assertEquals("501", visit.get("object_id"));
            assertEquals("https://www.example.com/pricing", visit.get("hs_url"), "a property copied up as a column");
            assertEquals("Pricing", visit.get("hs_page_title"));
            assertEquals(JSON.readTree("{\"hs_url\":\"https://www.example.com/pricing\",\"hs_page_title\":\"Pricing\",\"hs_referrer\":\"https://www.google.com/\","
                    + "\"hs_browser\":\"chrome\",\"hs_device_type\":\"computer\"}"), visit.get("properties"));
            assertEquals(List.of(Map.of("column_name", "id", "data_type", "VARCHAR"),
                            Map.of("column_name", "event_type", "data_type", "VARCHAR"),
                            Map.of("column_name", "occurred_at", "data_type", "TIMESTAMP WITH TIME ZONE"),
                            Map.of("column_name", "object_type", "data_type", "VARCHAR"),
                            Map.of("column_name", "object_id", "data_type", "VARCHAR"),
                            Map.of("column_name", "properties", "data_type", "JSON")),
                    sync.rows("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = 'e_visited_page'"
                            + " AND column_index <= 6 ORDER BY column_index"));
            assertEquals(List.of(Map.of("plan", "professional", "seats", "5")), sync.rows("SELECT plan, seats FROM pe_4431239_trial_started"));

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(1L, second.counts().upserts(), "only the visit after the first window");
            assertTrue(sync.log().contains("INFO " + VISITS + ": events from " + windowEnd + " to " + windowEnd(second, VISITS)), sync.log()::toString);
            assertTrue(windowEnd(second, VISITS).isAfter(windowEnd.minusSeconds(1)));
            assertEquals(6L, sync.value("SELECT count(*) FROM e_visited_page"));
            assertEquals("504", sync.value("SELECT object_id FROM e_visited_page WHERE id = '0b6a5c84-1d1e-4c55-9d0c-2f2b1c5f0006'"));
            assertEquals(1L, sync.value("SELECT count(*) FROM pe_4431239_trial_started"));
        }
    }

    @Test
    void aSyncInterruptedInsideItsWindowResumesAfterTheSavedPage() {
        Map<String, Object> saved = Map.of(VISITS, Map.of("occurred_after", "2024-01-10T00:00:00Z", "occurred_before", "2024-02-01T00:00:00Z",
                "after", "MjAyNC0wMS0wNFQxNjo0NToxMFp8NA"));
        try (TestSync sync = sync("recordings-resume", "").state(saved)) {
            SyncResult resumed = sync.run();
            assertTrue(resumed.succeeded(), resumed.failure());
            assertEquals(1L, resumed.counts().upserts());
            assertEquals(Instant.parse("2024-02-01T00:00:00Z"), windowEnd(resumed, VISITS), "the saved window's end, not now");

            SyncResult next = sync.run();
            assertTrue(next.succeeded(), next.failure());
            assertEquals(0L, next.counts().upserts());
            assertTrue(windowEnd(next, VISITS).isAfter(Instant.parse("2025-01-01T00:00:00Z")));
        }
    }

    @Test
    void aRefusedTokenFailsTheSyncNamingTheConfigurationKey() {
        try (TestSync sync = sync("recordings-unauthorized", "")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("HubSpot refused the access token of configuration 'api_token' (401)"), result.failure());
            assertNull(result.state().get(VISITS), "nothing committed: " + result.state());
        }
    }

    @Test
    void anEventTypeThatIsNotANameIsRefused() {
        try (TestSync sync = sync("recordings", "e_visited_page,../contacts")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("configuration 'event_types': '../contacts' is not an event type name"), result.failure());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
