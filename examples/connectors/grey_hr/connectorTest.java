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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline, on recordings written by hand after greytHR's API documentation (the client-token
 * endpoint, Employee, Leave transactions and Attendance insights, 31-day ranges): recordings/ (two syncs; an expired
 * token renewed, a 429 retried), recordings-bad-credentials/ (the token refused), recordings-forbidden/ (a 403).
 * Run: jbang connectorTest.java
 */
class connectorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestSync sync(String recording) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("api_username", "fivetran-api").configure("api_password", "Gr3yHR-s3cret").configure("greythr_domain", "acme.greythr.com")
                .configure("sync_start_date", "2024-01-01").configure("sync_end_date", "2024-02-15").configure("page_size", "2")
                .replay(Path.of(recording));
    }

    private static Map<String, Object> types(TestSync sync, String table) {
        Map<String, Object> types = new LinkedHashMap<>();
        sync.rows("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = '" + table + "'"
                + " AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\'").forEach(row -> types.put((String) row.get("column_name"), row.get("data_type")));
        return types;
    }

    /** Column name, DuckDB type, ...: more pairs than Map.of takes. */
    private static Map<String, Object> columns(String... pairs) {
        Map<String, Object> columns = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            columns.put(pairs[i], pairs[i + 1]);
        }
        return columns;
    }

    @Test
    void employeesLeaveAndAttendanceThenOnlyWhatChangedAndTheNextDays() throws Exception {
        try (TestSync sync = sync("recordings")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(Map.of("employee_last_modified", "2024-02-12T08:15:00Z", "leave_last_sync_end_date", "2024-02-15",
                    "attendance_last_sync_end_date", "2024-02-15"), first.state());
            assertEquals(6L, first.counts().checkpoints(), "2 employee pages, 2 leave windows, 2 attendance windows");
            assertTrue(sync.log().contains("INFO the session expired: logging in again"), sync.log()::toString);
            assertTrue(sync.log().stream().anyMatch(line -> line.contains("429; retrying")), sync.log()::toString);

            assertEquals(3L, sync.value("SELECT count(*) FROM employee"));
            Map<String, Object> asha = sync.rows("SELECT * FROM employee WHERE employee_id = 1001").get(0);
            assertEquals("Asha Rao", asha.get("name"));
            assertEquals("Engineer", asha.get("designation_name"), "nested objects flattened with _");
            assertEquals(12L, asha.get("designation_id"));
            assertEquals(JSON.readTree("[\"full-time\"]"), asha.get("tags"), "lists as JSON");
            assertNull(asha.get("leaving_date"));
            assertEquals(columns("employee_id", "BIGINT", "employee_no", "VARCHAR", "name", "VARCHAR", "email", "VARCHAR", "gender", "VARCHAR",
                    "date_of_join", "VARCHAR", "status", "BIGINT", "last_modified", "VARCHAR", "designation_id", "BIGINT",
                    "designation_name", "VARCHAR", "department_id", "BIGINT", "department_name", "VARCHAR", "tags", "JSON"), types(sync, "employee"));

            assertEquals(List.of(Map.of("id", "LT-5001", "employee_id", 1001L, "days", 1.5), Map.of("id", "LT-5002", "employee_id", 1002L, "days", 1.0),
                            Map.of("id", "LT-5003", "employee_id", 1003L, "days", 1.0)),
                    sync.rows("SELECT id, employee_id, days FROM leave_transaction ORDER BY id"));
            assertEquals(List.of(Map.of("id", "LT-5001-1", "parent_id", "LT-5001"), Map.of("id", "LT-5001-2", "parent_id", "LT-5001"),
                            Map.of("id", "LT-5002-1", "parent_id", "LT-5002")),
                    sync.rows("SELECT id, parent_id FROM leave_transaction_child ORDER BY id"));
            assertEquals(3L, sync.value("SELECT count(*) FROM attendance_insight"));
            assertEquals(List.of(Map.of("sync_start_date", LocalDate.of(2024, 1, 1), "sync_end_date", LocalDate.of(2024, 1, 31), "average", "08:25"),
                            Map.of("sync_start_date", LocalDate.of(2024, 2, 1), "sync_end_date", LocalDate.of(2024, 2, 15), "average", "08:10")),
                    sync.rows("SELECT sync_start_date, sync_end_date, average FROM attendance_average WHERE employee = 1001 AND type = 'workHours'"
                            + " ORDER BY sync_start_date"));
            assertEquals(Map.of("employee", "BIGINT", "sync_start_date", "DATE", "sync_end_date", "DATE", "type", "VARCHAR", "days", "BIGINT"),
                    types(sync, "attendance_status"));
            assertEquals(21L, sync.value("SELECT days FROM attendance_status WHERE employee = 1001 AND type = 'Present' AND sync_start_date = '2024-01-01'"));

            SyncResult second = sync.configure("sync_end_date", "2024-03-10").run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(Map.of("employee_last_modified", "2024-03-08T17:45:00Z", "leave_last_sync_end_date", "2024-03-10",
                    "attendance_last_sync_end_date", "2024-03-10"), second.state());
            assertEquals(3L, sync.value("SELECT count(*) FROM employee"));
            assertEquals("Senior Designer", sync.value("SELECT designation_name FROM employee WHERE employee_id = 1002"));
            assertEquals("2024-03-08", sync.value("SELECT leaving_date FROM employee WHERE employee_id = 1003"));
            assertEquals("CANCELLED", sync.value("SELECT status FROM leave_transaction WHERE id = 'LT-5003'"), "a transaction changed in a later window");
            assertEquals(4L, sync.value("SELECT count(*) FROM leave_transaction"));
            assertEquals(6L, sync.value("SELECT count(*) FROM leave_transaction_child"));
            assertEquals(5L, sync.value("SELECT count(*) FROM attendance_insight"));
        }
    }

    @Test
    void refusedCredentialsAreNamed() {
        try (TestSync sync = sync("recordings-bad-credentials")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("greytHR refused the API credentials (HTTP 401); check api_username and api_password"), result.failure());
        }
    }

    @Test
    void aForbiddenEndpointFailsTheSyncNamingIt() {
        try (TestSync sync = sync("recordings-forbidden")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("greytHR refused /employee/v2/employees (HTTP 403); give the API user access to it"), result.failure());
        }
    }

    @Test
    void aDomainThatIsNotAHostIsNamed() {
        try (TestSync sync = sync("recordings").configure("greythr_domain", "https://acme.greythr.com")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("configuration 'greythr_domain' must be the host name"), result.failure());
        }
    }

    @Test
    void aStartDateThatIsNotADateIsNamed() {
        try (TestSync sync = sync("recordings").configure("sync_start_date", "01/01/2024")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().endsWith("configuration value of 'sync_start_date' is not a date as YYYY-MM-DD"), result.failure());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
