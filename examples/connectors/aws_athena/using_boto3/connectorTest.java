///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.HttpRecording;
import fivetran.connector.sdk.testkit.TestSync;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline, on recordings written by hand after the Athena API reference (StartQueryExecution,
 * GetQueryExecution, GetQueryResults in AWS's JSON 1.1 protocol: POST / with X-Amz-Target). The AWS SDK's client is not
 * the SDK's Http, so the test serves each recording itself with the test kit's replay server (HttpRecording) and points
 * the connector's endpoint_url at it. recordings/ (two incremental syncs, with a 500 and a throttling answer the AWS SDK
 * retries), recordings-full-refresh/ (a row gone), recordings-query-failed/, recordings-bad-credentials/.
 * Run: jbang connectorTest.java
 */
class connectorTest {
    private static final Map<String, String> CONFIGURATION = Map.of(
            "aws_access_key_id", "AKIAIOSFODNN7EXAMPLE", "aws_secret_access_key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "region_name", "us-east-1", "database_name", "sales_db", "table_name", "test_rows",
            "s3_staging_dir", "s3://athena-query-results-bucket/fivetran/", "poll_interval_seconds", "0.05");

    /** A replay of {@code recording} and a test sync whose Athena client is sent to it. */
    private record Athena(HttpRecording server, TestSync sync) implements AutoCloseable {
        static Athena replay(String recording, Map<String, String> extra) {
            Map<String, String> configuration = new LinkedHashMap<>(CONFIGURATION);
            configuration.putAll(extra);
            HttpRecording server = HttpRecording.replay(Path.of(recording), Configuration.of(configuration));
            TestSync sync = TestSync.of(new Connector(connector::update, connector::schema))
                    .configuration(Path.of("configuration.json"));
            for (Map.Entry<String, String> entry : configuration.entrySet()) {
                sync.configure(entry.getKey(), entry.getValue());
            }
            sync.configure("endpoint_url", server.url());
            return new Athena(server, sync);
        }

        @Override
        public void close() {
            try {
                sync.close();
            } finally {
                server.close();
            }
        }
    }

    /** The DuckDB type of each column of customers but the system columns. */
    private static Map<String, Object> types(TestSync sync) {
        Map<String, Object> types = new LinkedHashMap<>();
        sync.rows("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = 'customers'"
                + " AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\'").forEach(row -> types.put((String) row.get("column_name"), row.get("data_type")));
        return types;
    }

    @Test
    void aFirstSyncReadsEveryPageAndTheNextOnlyTheRowsFromTheCursorOn() {
        try (Athena athena = Athena.replay("recordings", Map.of("cursor_column", "updated_at", "page_size", "3"))) {
            TestSync sync = athena.sync();
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(6L, first.counts().upserts(), "2 + 3 + 1 rows: the header row of page 1 skipped, no row of the later pages");
            assertEquals(3L, first.counts().checkpoints(), "one per page");
            assertEquals(Map.of("cursor", "2024-03-03 09:00:00.000", "cursor_type", "timestamp"), first.state());
            assertEquals(9, athena.server().exchanges(), "start, 4 status polls (one a 500, retried), 4 result calls (one throttled, retried)");

            assertEquals(Map.of("customer_id", "VARCHAR", "first_name", "VARCHAR", "last_name", "VARCHAR", "email", "VARCHAR",
                            "signup_date", "DATE", "lifetime_value", "DECIMAL(38,2)", "orders", "BIGINT", "score", "DOUBLE",
                            "active", "BOOLEAN", "updated_at", "TIMESTAMP"),
                    types(sync), "types from the result's column types: varchar, date, decimal(10,2), bigint, double, boolean, timestamp");
            assertEquals(List.of("C001", "C002", "C003", "C004", "C005", "C006"),
                    sync.rows("SELECT customer_id FROM customers ORDER BY customer_id").stream().map(row -> row.get("customer_id")).toList());
            Map<String, Object> ada = sync.rows("SELECT * FROM customers WHERE customer_id = 'C001'").get(0);
            assertEquals("ada@example.com", ada.get("email"));
            assertEquals(LocalDate.of(2023, 1, 15), ada.get("signup_date"));
            assertEquals(new BigDecimal("1250.50"), ada.get("lifetime_value"));
            assertEquals(12L, ada.get("orders"));
            assertEquals(4.5, ada.get("score"));
            assertEquals(true, ada.get("active"));
            assertEquals(LocalDateTime.of(2024, 3, 1, 10, 0), ada.get("updated_at"));
            Map<String, Object> grace = sync.rows("SELECT * FROM customers WHERE customer_id = 'C003'").get(0);
            assertNull(grace.get("lifetime_value"), "a value Athena leaves out is null");
            assertNull(grace.get("score"));
            assertEquals(false, grace.get("active"));
            assertEquals(LocalDateTime.of(2024, 3, 2, 17, 45, 30, 250_000_000),
                    sync.value("SELECT updated_at FROM customers WHERE customer_id = 'C005'"));

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(3L, second.counts().upserts(), "the boundary row C006 again, C002 changed, C007 new");
            assertEquals(Map.of("cursor", "2024-03-04 13:00:00.000", "cursor_type", "timestamp"), second.state());
            assertEquals(12, athena.server().exchanges());
            assertEquals(7L, sync.value("SELECT count(*) FROM customers"));
            Map<String, Object> alan = sync.rows("SELECT * FROM customers WHERE customer_id = 'C002'").get(0);
            assertEquals("alan.turing@example.com", alan.get("email"));
            assertEquals(new BigDecimal("455.75"), alan.get("lifetime_value"));
            assertEquals(5L, alan.get("orders"));
            assertEquals("Frances", sync.value("SELECT first_name FROM customers WHERE customer_id = 'C007'"));
        }
    }

    @Test
    void withoutACursorColumnEachSyncReadsTheTableAndMarksVanishedRowsDeleted() {
        try (Athena athena = Athena.replay("recordings-full-refresh", Map.of())) {
            TestSync sync = athena.sync();
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(3L, first.counts().upserts());
            assertEquals(Map.of(), first.state());

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(2L, second.counts().upserts());
            assertEquals(1L, second.counts().truncates());
            assertEquals(List.of(Map.of("customer_id", "C001", "_fivetran_deleted", true), Map.of("customer_id", "C002", "_fivetran_deleted", false),
                            Map.of("customer_id", "C003", "_fivetran_deleted", false)),
                    sync.rows("SELECT customer_id, _fivetran_deleted FROM customers ORDER BY customer_id"));
            assertEquals("alan.turing@example.com", sync.value("SELECT email FROM customers WHERE customer_id = 'C002'"));
        }
    }

    @Test
    void aFailedQueryStopsTheSyncWithAthenasReason() {
        try (Athena athena = Athena.replay("recordings-query-failed", Map.of())) {
            SyncResult result = athena.sync().run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("Athena query 9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c01 failed")
                    && result.failure().contains("TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.sales_db.test_rows' does not exist"), result.failure());
            assertEquals(0L, result.counts().upserts());
        }
    }

    @Test
    void refusedCredentialsAreNamedAsSuch() {
        try (Athena athena = Athena.replay("recordings-bad-credentials", Map.of())) {
            SyncResult result = athena.sync().run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("Athena refused the credentials (StartQueryExecution: UnrecognizedClientException:"
                    + " The security token included in the request is invalid.); check aws_access_key_id, aws_secret_access_key"), result.failure());
        }
    }

    @Test
    void aMissingOrUnsafeConfigurationValueIsNamed() {
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema)).configuration(CONFIGURATION)
                .configure("region_name", "")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("configuration key 'region_name' is empty"), result.failure());
            SyncResult unsafe = sync.configure("region_name", "us-east-1").configure("table_name", "t; DROP TABLE x").run();
            assertFalse(unsafe.succeeded());
            assertTrue(unsafe.failure().contains("configuration 'table_name' must be a plain Athena name"), unsafe.failure());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
