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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline, on recordings written by hand after Common Paper's API documentation (List
 * Agreements: JSON:API, page[number]/page[size], ransack filters, Bearer API key): recordings/ (a first sync of two pages
 * after a 429, a second sync from the saved cursor) and recordings-unauthorized/ (a 401). Not the live API.
 * Run: jbang connectorTest.java
 */
class connectorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestSync sync(String recording) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("api_key", "zpka_test_0123456789abcdef").configure("page_size", "3")
                .replay(Path.of(recording));
    }

    @Test
    void firstSyncReadsEveryPageAfterA429AndTheSecondOnlyWhatChangedSinceTheCursor() throws Exception {
        try (TestSync sync = sync("recordings")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("WARN") && line.contains("429")), sync.log()::toString);
            assertEquals(6L, first.counts().upserts(), "3 + 3: agreement 3 is read again at the page boundary");
            assertEquals(2L, first.counts().checkpoints());
            assertEquals(Map.of("sync_cursor", "2024-02-09T14:20:00.000Z"), first.state());
            assertEquals(5L, sync.value("SELECT count(*) FROM agreements"));

            Map<String, Object> globex = sync.rows("SELECT * FROM agreements WHERE id = '9b1f2c3d-0000-4000-8000-000000000001'").get(0);
            assertEquals("NDA", globex.get("agreement_type"));
            assertEquals("signed", globex.get("status"));
            assertEquals("Globex Corporation", globex.get("recipient_organization"));
            assertEquals(OffsetDateTime.of(2024, 2, 1, 9, 0, 0, 0, ZoneOffset.UTC), globex.get("updated_at"));
            assertEquals(1L, globex.get("term"));
            assertEquals("https://app.commonpaper.com/agreements/9b1f2c3d-0000-4000-8000-000000000001", globex.get("agreement_url"));
            assertEquals(JSON.readTree("[{\"role\":\"sender\",\"organization\":\"Acme Analytics, Inc.\"},"
                    + "{\"role\":\"recipient\",\"organization\":\"Globex Corporation\"}]"), globex.get("parties"));
            Map<String, String> types = new HashMap<>();
            sync.rows("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = 'agreements'")
                    .forEach(column -> types.put((String) column.get("column_name"), (String) column.get("data_type")));
            assertEquals("VARCHAR", types.get("id"));
            assertEquals("TIMESTAMP WITH TIME ZONE", types.get("created_at"));
            assertEquals("TIMESTAMP WITH TIME ZONE", types.get("updated_at"));
            assertEquals("JSON", types.get("parties"));
            assertEquals("BIGINT", types.get("term"), "a JSON integer is a LONG");
            assertEquals("VARCHAR", types.get("effective_date"), "dates are text in the API and are not guessed");
            assertEquals(List.of("id"), sync.rows("SELECT unnest(constraint_column_names) AS c FROM duckdb_constraints()"
                    + " WHERE table_name = 'agreements' AND constraint_type = 'PRIMARY KEY'").stream().map(r -> r.get("c")).toList());

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(3L, second.counts().upserts(), "agreement 5 again (the cursor is inclusive), 2 updated, 6 new");
            assertEquals(Map.of("sync_cursor", "2024-03-02T08:30:00.000Z"), second.state());
            assertEquals(6L, sync.value("SELECT count(*) FROM agreements"));
            assertEquals("signed", sync.value("SELECT status FROM agreements WHERE id = '9b1f2c3d-0000-4000-8000-000000000002'"));
            assertEquals("2024-03-01", sync.value("SELECT effective_date FROM agreements WHERE id = '9b1f2c3d-0000-4000-8000-000000000002'"));
        }
    }

    @Test
    void aPageWhoseAgreementsAllHaveTheCursorsUpdatedAtIsFollowedByTheNextPageNumber() {
        try (TestSync sync = sync("recordings-same-updated-at")) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertEquals(8L, result.counts().upserts(), "3, the same 3 again, then 2");
            assertEquals(5L, sync.value("SELECT count(*) FROM agreements"));
            assertEquals(Map.of("sync_cursor", "2024-01-11T08:00:00.000Z"), result.state());
        }
    }

    @Test
    void aRefusedApiKeyFailsTheSyncNamingTheKey() {
        try (TestSync sync = sync("recordings-unauthorized")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("Common Paper refused the api_key (401)"), result.failure());
            assertTrue(result.failure().contains("Invalid API Key"), result.failure());
            assertTrue(result.state().isEmpty(), "nothing committed");
        }
    }

    @Test
    void aMissingKeyOrABadTimestampIsNamed() {
        try (TestSync sync = sync("recordings").configure("api_key", "")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("api_key"), result.failure());
        }
        try (TestSync sync = sync("recordings").configure("initial_sync_timestamp", "last tuesday")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("configuration value of 'initial_sync_timestamp' is not an instant as YYYY-MM-DDTHH:MM:SSZ"), result.failure());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
