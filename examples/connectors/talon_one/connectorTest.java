///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * Tests of the connector, offline, on recordings written by hand after Talon.One's Management API documentation (List
 * application events without total count: pageSize, skip, sort, createdAfter, createdBefore; {"hasMore", "data"}),
 * replayed in order as WireMock scenarios: recordings/ (two syncs, a 429 first), recordings-resume/ (a sync resumed
 * inside a saved window), recordings-unauthorized/ (a 401). Not the live API. Run: jbang connectorTest.java
 */
class connectorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestSync sync(String recording) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("base_url", "https://mycompany.europe-west1.talon.one")
                .configure("api_key", "ca1890f0-test-management-key")
                .configure("application_id", "88").configure("page_size", "2").configure("requests_per_second", "100")
                .replay(Path.of(recording));
    }

    @Test
    void pagesAreReadBySkipWhileHasMoreAndTheNextSyncReadsTheWindowAfter() throws Exception {
        try (TestSync sync = sync("recordings")) {
            Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("WARN GET https://mycompany.europe-west1.talon.one/v1/applications/88/events/no_total?")
                    && line.contains(": 429; retrying in ")), sync.log()::toString);
            assertEquals(5L, first.counts().upserts());
            assertEquals(3L, first.counts().checkpoints(), "one per page");
            assertEquals(List.of("event_cursor"), List.copyOf(first.state().keySet()));
            Instant windowEnd = Instant.parse((String) first.state().get("event_cursor"));
            assertTrue(!windowEnd.isBefore(start) && !windowEnd.isAfter(Instant.now()), "the window ends at the sync's start: " + windowEnd);

            Map<String, Object> added = sync.rows("SELECT id, created, application_id, profile_id, type, session_id, attributes, effects, rule_failure_reasons"
                    + " FROM event WHERE id = 1002").get(0);
            assertEquals(OffsetDateTime.of(2024, 5, 2, 10, 0, 5, 0, ZoneOffset.UTC), added.get("created"));
            assertEquals(88L, added.get("application_id"));
            assertEquals("customer-1", added.get("profile_id"));
            assertEquals("talon_cart_item_added", added.get("type"));
            assertEquals(JSON.readTree("{\"sku\":\"SKU-1\",\"quantity\":2}"), added.get("attributes"));
            assertEquals("setDiscount", JSON.readTree(added.get("effects").toString()).get(0).get("effectType").asText());
            assertEquals(JSON.readTree("[]"), added.get("rule_failure_reasons"));
            assertEquals("STORE-01", sync.value("SELECT store_integration_id FROM event WHERE id = 1001"), "a field the schema does not declare");
            assertEquals(List.of(Map.of("column_name", "id", "data_type", "BIGINT"),
                            Map.of("column_name", "created", "data_type", "TIMESTAMP WITH TIME ZONE"),
                            Map.of("column_name", "application_id", "data_type", "BIGINT"),
                            Map.of("column_name", "profile_id", "data_type", "VARCHAR"), Map.of("column_name", "type", "data_type", "VARCHAR"),
                            Map.of("column_name", "session_id", "data_type", "VARCHAR"), Map.of("column_name", "attributes", "data_type", "JSON"),
                            Map.of("column_name", "effects", "data_type", "JSON"), Map.of("column_name", "rule_failure_reasons", "data_type", "JSON")),
                    sync.rows("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = 'event'"
                            + " AND column_index <= 9 ORDER BY column_index"));

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertTrue(sync.log().contains("INFO event: events created from " + windowEnd + " to " + second.state().get("event_cursor")), sync.log()::toString);
            assertEquals(1L, second.counts().upserts(), "only the event of the new window");
            assertEquals(6L, sync.value("SELECT count(*) FROM event"));
        }
    }

    @Test
    void aSyncInterruptedInsideItsWindowResumesAtTheSavedSkip() {
        Map<String, Object> saved = Map.of("event_cursor", "2024-05-01T00:00:00Z", "event_window_end", "2024-06-01T00:00:00Z", "event_skip", 4);
        try (TestSync sync = sync("recordings-resume").state(saved)) {
            SyncResult resumed = sync.run();
            assertTrue(resumed.succeeded(), resumed.failure());
            assertEquals(1L, resumed.counts().upserts());
            assertEquals(Map.of("event_cursor", "2024-06-01T00:00:00Z"), resumed.state(), "the saved window's end, not now");
            SyncResult next = sync.run();
            assertTrue(next.succeeded(), next.failure());
            assertEquals(0L, next.counts().upserts());
        }
    }

    @Test
    void aRefusedManagementKeyFailsTheSyncNamingTheKey() {
        try (TestSync sync = sync("recordings-unauthorized")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("Talon.One refused the management key of configuration 'api_key' (401)"), result.failure());
            assertFalse(result.failure().contains("ca1890f0-test-management-key"));
            assertFalse(result.state().containsKey("event_cursor"));
        }
    }

    @Test
    void anApplicationIdThatIsNotANumberIsRefused() {
        try (TestSync sync = sync("recordings").configure("application_id", "88/../../users")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("configuration 'application_id' must be the application's numeric id"), result.failure());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
