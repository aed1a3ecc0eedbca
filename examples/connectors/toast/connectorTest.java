///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.macasaet.fernet.Key;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline, on recordings written by hand after Toast's API documentation (the machine client
 * login, partners restaurants, configuration with Toast-Next-Page-Token, labor, cash management by business date,
 * ordersBulk by page; its error bodies), replayed with WireMock: the windows' times are matched by pattern (they follow
 * the clock), and scenarios order the answers of each endpoint across windows and syncs. recordings-bad-credentials/
 * holds a refused login. Not the live API. Run: jbang connectorTest.java
 */
class connectorTest {
    static final String RESTAURANT = "2f1c5a8e-0000-4000-8000-00000000a001";

    private static TestSync sync(String recording, Instant initialSyncStart) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("clientId", "toast-client-id-test").configure("clientSecret", "toast-client-secret-test")
                .configure("initialSyncStart", connector.iso(initialSyncStart))
                .configure("key", Key.generateKey().serialise()).configure("page_size", "2")
                .replay(Path.of(recording));
    }

    private static long count(TestSync sync, String table) {
        return (Long) sync.value("SELECT count(*) FROM " + table);
    }

    @Test
    void windowsOfThirtyDaysSplitOrdersIntoTheirTablesAndTheNextSyncReusesTheTokenAndAppliesDeletes() {
        Instant start = Instant.now().minus(Duration.ofDays(40)).truncatedTo(ChronoUnit.SECONDS);
        try (TestSync sync = sync("recordings", start)) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("WARN GET https://ws-api.toasttab.com/partners/v1/restaurants: 429; retrying in ")),
                    sync.log()::toString);
            assertTrue(sync.log().contains("INFO window " + start + " to " + start.plus(Duration.ofDays(30))), sync.log()::toString);
            assertEquals(2L, first.counts().checkpoints(), "one per window: 30 days, then the 10 up to now");
            Instant end = Instant.parse((String) first.state().get("to_ts"));
            assertTrue(Duration.between(end, Instant.now()).abs().toMinutes() < 5, "the last window ends now: " + end);
            assertTrue(first.state().get("encrypted_token") instanceof String, "the token, kept encrypted");
            assertNotEquals("***", first.state().get("encrypted_token"));
            assertTrue(((Number) first.state().get("token_ttl")).longValue() > Instant.now().plus(Duration.ofHours(23)).getEpochSecond());

            assertEquals(List.of(Map.of("id", RESTAURANT, "name", "Toast Cafe", "location_name", "Downtown")),
                    sync.rows("SELECT id, name, location_name FROM restaurant"));
            assertEquals(List.of(2L, 1L, 1L, 1L), List.of(count(sync, "menu"), count(sync, "menu_group"), count(sync, "tables"), count(sync, "sale_category")),
                    "menus over 2 pages of Toast-Next-Page-Token");
            assertEquals(List.of(Map.of("menu_id", "c0000000-0000-4000-8000-000000000004", "restaurant_id", RESTAURANT)),
                    sync.rows("SELECT menu_id, restaurant_id FROM menu_group"), "a nested reference flattened to its id");
            assertEquals(List.of(Map.of("employee_id", "e0000000-0000-4000-8000-000000000001", "wage", 20.0)),
                    sync.rows("SELECT employee_id, wage FROM employee_wage_override"));
            assertEquals(3L, count(sync, "orders"));
            assertEquals(List.of(3L, 4L, 3L, 3L, 2L, 1L, 1L, 1L, 1L, 1L, 1L),
                    List.of("orders_check", "orders_check_selection", "payment", "orders_check_payment", "orders_check_selection_applied_tax",
                            "orders_check_selection_modifier", "orders_check_selection_applied_discount", "orders_check_selection_applied_discount_trigger",
                            "orders_check_applied_service_charge", "orders_check_applied_service_charge_applied_tax", "orders_pricing_feature")
                            .stream().map(table -> count(sync, table)).toList());
            Map<String, Object> order = sync.rows("SELECT opened_date, business_date, dining_option_id, server_id, created_device_id, deleted FROM orders"
                    + " WHERE id = 'b0000000-0000-4000-8000-000000000001'").get(0);
            assertEquals(OffsetDateTime.of(2024, 3, 1, 12, 0, 0, 0, ZoneOffset.UTC), order.get("opened_date"), "Toast's +0000 times as UTC times");
            assertEquals(20240301, ((Number) order.get("business_date")).intValue());
            assertEquals("c0000000-0000-4000-8000-000000000002", order.get("dining_option_id"));
            assertEquals("dev-1", order.get("created_device_id"));
            assertEquals(false, order.get("deleted"));
            assertEquals(List.of(Map.of("orders_check_selection_id", "d7000000-0000-4000-8000-000000000001", "tax_amount", 0.36)),
                    sync.rows("SELECT orders_check_selection_id, tax_amount FROM orders_check_selection_applied_tax WHERE id LIKE 'gen-%'"),
                    "an applied tax without a guid gets a key from its selection and position");
            assertEquals(List.of(1L, 1L, 1L, 1L, 1L), List.of(count(sync, "cash_entry"), count(sync, "cash_deposit"), count(sync, "shift"),
                    count(sync, "time_entry"), count(sync, "break")));
            assertEquals(List.of(Map.of("column_name", "opened_date", "data_type", "TIMESTAMP WITH TIME ZONE"),
                            Map.of("column_name", "voided", "data_type", "BOOLEAN")),
                    sync.rows("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = 'orders'"
                            + " AND column_name IN ('opened_date', 'voided') ORDER BY column_name"));

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertTrue(sync.log().contains("INFO reusing the access token kept in state (more than an hour left)"), sync.log()::toString);
            assertTrue(sync.log().contains("INFO the session expired: logging in again"), sync.log()::toString);
            assertTrue(sync.log().contains("INFO window " + end + " to " + second.state().get("to_ts")), sync.log()::toString);
            assertEquals(1L, second.counts().checkpoints());
            assertEquals(1L, second.counts().deletes(), "order 3, which Toast marks deleted");
            assertEquals(List.of(Map.of("id", "b0000000-0000-4000-8000-000000000003", "deleted", true)),
                    sync.rows("SELECT id, deleted FROM orders WHERE _fivetran_deleted"));
            assertEquals("VOIDED", sync.value("SELECT payment_status FROM payment WHERE id = 'e7000000-0000-4000-8000-000000000001'"));
            assertEquals(OffsetDateTime.of(2024, 3, 2, 10, 0, 0, 0, ZoneOffset.UTC),
                    sync.value("SELECT void_info_void_date FROM payment WHERE id = 'e7000000-0000-4000-8000-000000000001'"));
            assertEquals(2L, count(sync, "menu"), "no configuration modified since the first sync");
        }
    }

    @Test
    void aRefusedLoginFailsTheSyncNamingTheKeys() {
        try (TestSync sync = sync("recordings-bad-credentials", Instant.now().minus(Duration.ofDays(2)))) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("Toast refused the login (401): check configuration 'clientId', 'clientSecret', 'userAccessType' and 'domain'")
                    && result.failure().contains("Access denied"), result.failure());
            assertFalse(result.failure().contains("toast-client-secret-test"));
        }
    }

    @Test
    void aKeyThatIsNotAFernetKeyIsRefused() {
        try (TestSync sync = sync("recordings-bad-credentials", Instant.now()).configure("key", "not-a-key")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("configuration 'key' is not a Fernet key"), result.failure());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
