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
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline, on recordings written by hand after Fleetio's API documentation (cursor pagination
 * with start_cursor/next_cursor, filter[updated_at][gte], sort[updated_at], the records envelope, 429 with
 * Retry-After): recordings/ (vehicles over two pages with a 429 between them, issues; then a second sync of each from
 * its cursor) and recordings-unauthorized/ (a 401). Not the live API. Run: jbang connectorTest.java
 */
class connectorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestSync sync(String recording) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("api_key", "fleetio-test-api-key").configure("account_token", "fleetio-test-account")
                .configure("tables", "vehicles,issues").configure("per_page", "2")
                .replay(Path.of(recording));
    }

    private static Map<String, String> types(TestSync sync, String table) {
        Map<String, String> types = new HashMap<>();
        sync.rows("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = '" + table + "'")
                .forEach(column -> types.put((String) column.get("column_name"), (String) column.get("data_type")));
        return types;
    }

    @Test
    void eachTableIsPagedByCursorThenSyncedFromItsUpdatedAt() throws Exception {
        try (TestSync sync = sync("recordings")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("WARN") && line.contains("429")), sync.log()::toString);
            assertEquals(4L, first.counts().upserts());
            assertEquals(3L, first.counts().checkpoints(), "one per page");
            assertEquals(Map.of("vehicles_updated_at", "2024-03-03T16:40:00-06:00", "issues_updated_at", "2024-03-01T07:05:00-06:00"), first.state());
            assertEquals(3L, sync.value("SELECT count(*) FROM vehicles"));

            Map<String, Object> truck = sync.rows("SELECT * FROM vehicles WHERE id = 3101").get(0);
            assertEquals("Truck 101", truck.get("name"));
            assertEquals("1FTFW1E50NFA00001", truck.get("vin"));
            assertEquals(2022L, truck.get("year"));
            assertEquals(OffsetDateTime.of(2024, 3, 1, 15, 15, 0, 0, ZoneOffset.UTC), truck.get("updated_at"), "-06:00 kept as the instant");
            assertEquals(JSON.readTree("{\"fuel_card\":\"FC-3101\"}"), truck.get("custom_fields"));
            assertEquals(JSON.readTree("[{\"id\":7,\"name\":\"Snow Plow\"}]"), truck.get("labels"));
            Map<String, String> vehicles = types(sync, "vehicles");
            assertEquals("BIGINT", vehicles.get("id"));
            assertEquals("TIMESTAMP WITH TIME ZONE", vehicles.get("created_at"));
            assertEquals("JSON", vehicles.get("custom_fields"));
            assertEquals("BOOLEAN", vehicles.get("is_sample"));

            Map<String, Object> issue = sync.rows("SELECT * FROM issues WHERE id = 901").get(0);
            assertEquals(3102L, issue.get("vehicle_id"), "vehicle.id flattened");
            assertEquals("Truck 102", issue.get("vehicle_name"));
            assertEquals(JSON.readTree("[{\"id\":55,\"name\":\"Dana Mechanic\"}]"), issue.get("assigned_contacts"));
            assertEquals(JSON.readTree("{\"read_photos\":true,\"manage_photos\":false,\"read_documents\":true,\"manage_documents\":false}"),
                    issue.get("attachment_permissions"), "kept whole, as upstream");
            assertEquals("JSON", types(sync, "issues").get("assigned_contacts"));

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(4L, second.counts().upserts(), "per table the last record again (the filter is inclusive) and one changed or new");
            assertEquals(Map.of("vehicles_updated_at", "2024-03-10T07:30:00-05:00", "issues_updated_at", "2024-03-11T08:02:00-05:00"), second.state());
            assertEquals("Active", sync.value("SELECT vehicle_status_name FROM vehicles WHERE id = 3102"));
            assertEquals(0, new BigDecimal("48390.0").compareTo(new BigDecimal(sync.value("SELECT current_meter_value FROM vehicles WHERE id = 3102").toString())));
            assertEquals(3L, sync.value("SELECT count(*) FROM vehicles"));
            assertEquals(2L, sync.value("SELECT count(*) FROM issues"));
        }
    }

    @Test
    void refusedCredentialsFailTheSyncNamingTheKeys() {
        try (TestSync sync = sync("recordings-unauthorized")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("Fleetio refused the credentials (401) for vehicles: check configuration 'api_key' and 'account_token'"),
                    result.failure());
            assertTrue(result.state().isEmpty());
        }
    }

    @Test
    void anUnknownTableOrAMissingTokenIsNamed() {
        try (TestSync sync = sync("recordings").configure("tables", "vehicles,trucks")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("configuration 'tables': 'trucks' is not one of"), result.failure());
        }
        try (TestSync sync = sync("recordings").configure("account_token", "")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("account_token"), result.failure());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
