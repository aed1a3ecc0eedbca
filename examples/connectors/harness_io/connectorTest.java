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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline, on recordings written by hand after Harness's API reference (Projects, Connector
 * catalogue, Cloud Cost budgets, SEI's DORA mean time): recordings/ (two syncs; projects over three pages with a 429
 * retried, a project gone in the second), recordings-unauthorized/ (a 401), recordings-budgets-refused/ (one table
 * refused while the others sync). Run: jbang connectorTest.java
 */
class connectorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestSync sync(String recording) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("api_token", "pat.px7xdBFRCi.65f1c2d3e4.Qw3rTy").configure("account_id", "px7xd_BFRCi-pfWPYXVjvw")
                .configure("page_size", "2").configure("sei_api_key", "")
                .replay(Path.of(recording));
    }

    private static Map<String, Object> types(TestSync sync, String table) {
        Map<String, Object> types = new LinkedHashMap<>();
        sync.rows("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = '" + table + "'"
                + " AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\'").forEach(row -> types.put((String) row.get("column_name"), row.get("data_type")));
        return types;
    }

    @Test
    void eachTableIsASnapshotAndTheNextSyncMarksWhatIsGoneDeleted() throws Exception {
        try (TestSync sync = sync("recordings").configure("sei_api_key", "sei-apikey-3f9a7c21").configure("dora_integration_ids", "4021,4022")
                .configure("dora_ou_ids", "8877").configure("dora_widget_id", "w-0a1b2c3d")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(5L + 3 + 2 + 1, first.counts().upserts());
            assertEquals(4L, first.counts().checkpoints(), "one per table");
            assertEquals(Map.of(), first.state(), "nothing to resume from: every table is read whole");
            assertTrue(sync.log().stream().anyMatch(line -> line.contains("429; retrying")), sync.log()::toString);

            assertEquals(List.of(Map.of("org_identifier", "default", "identifier", "checkout"), Map.of("org_identifier", "default", "identifier", "legacy_api"),
                            Map.of("org_identifier", "default", "identifier", "payments"), Map.of("org_identifier", "platform", "identifier", "observability"),
                            Map.of("org_identifier", "platform", "identifier", "payments")),
                    sync.rows("SELECT org_identifier, identifier FROM user_projects ORDER BY 1, 2"), "one identifier in two organisations: two projects");
            Map<String, Object> payments = sync.rows("SELECT * FROM user_projects WHERE org_identifier = 'default' AND identifier = 'payments'").get(0);
            assertEquals("Payments", payments.get("name"));
            assertEquals(JSON.readTree("[\"CD\", \"CI\"]"), payments.get("modules"));
            assertEquals(JSON.readTree("{\"team\": \"fintech\"}"), payments.get("tags"));
            assertEquals(OffsetDateTime.of(2024, 1, 1, 10, 0, 0, 0, ZoneOffset.UTC), payments.get("created_at"));
            assertEquals(false, payments.get("is_favorite"));
            Map<String, Object> projectTypes = types(sync, "user_projects");
            assertEquals("JSON", projectTypes.get("modules"));
            assertEquals("TIMESTAMP WITH TIME ZONE", projectTypes.get("last_modified_at"));
            assertEquals("BOOLEAN", projectTypes.get("is_favorite"));
            assertEquals(JSON.readTree("[\"Git\", \"Github\", \"Gitlab\", \"Bitbucket\"]"), sync.value("SELECT connectors FROM connectors WHERE category = 'CODE_REPO'"));
            Map<String, Object> budget = sync.rows("SELECT * FROM budgets WHERE uuid = 'bgt-7Hc2kQ1aR9'").get(0);
            assertEquals(8450.75, budget.get("actual_cost"));
            assertEquals("px7xd_BFRCi-pfWPYXVjvw", budget.get("account_id"));
            assertEquals("JSON", types(sync, "budgets").get("scope"));
            assertEquals("DOUBLE", types(sync, "budgets").get("budget_amount"));
            assertEquals(43200, sync.value("SELECT mean FROM mean_time_to_resolution"));

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(3L, second.counts().truncates(), "the three snapshot tables");
            assertEquals(List.of(Map.of("identifier", "legacy_api", "_fivetran_deleted", true)),
                    sync.rows("SELECT identifier, _fivetran_deleted FROM user_projects WHERE _fivetran_deleted"), "the project no longer listed");
            assertEquals(5L, sync.value("SELECT count(*) FROM user_projects WHERE NOT _fivetran_deleted"));
            assertEquals("Checkout Web", sync.value("SELECT name FROM user_projects WHERE identifier = 'checkout'"));
            assertEquals(9120.4, sync.value("SELECT actual_cost FROM budgets WHERE uuid = 'bgt-7Hc2kQ1aR9'"));
            assertEquals(List.of(Map.of("mean", 39600, "count", 21), Map.of("mean", 43200, "count", 18)),
                    sync.rows("SELECT mean, count FROM mean_time_to_resolution ORDER BY mean"), "one measurement per sync, kept");
        }
    }

    @Test
    void aRefusedKeyStopsTheSync() {
        try (TestSync sync = sync("recordings-unauthorized")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("Harness refused the API key (HTTP 401); check api_token"), result.failure());
            assertTrue(result.failure().contains("Token is not valid."), result.failure());
        }
    }

    @Test
    void aTableThatCannotBeReadFailsTheSyncAfterTheOthers() {
        try (TestSync sync = sync("recordings-budgets-refused")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("Harness: budgets could not be synced: GET https://app.harness.io/ccm/api/budgets?accountIdentifier=… failed: 400")
                    && result.failure().contains("Cloud Cost Management is not enabled") && result.failure().contains("(the other tables were synced)"),
                    result.failure());
            assertEquals(1L, sync.value("SELECT count(*) FROM user_projects"));
            assertEquals(3L, sync.value("SELECT count(*) FROM connectors"));
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
