package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.testing.Project;
import fivetran.connector.sdk.util.Hashing;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The pattern examples, each run through JBang as its README says (twice where state matters). */
@Tag("e2e")
class PatternExamplesTest {
    private static Project.Result debug(Project project) {
        Project.Result result = project.jbang("debug");
        assertEquals(0, result.exit(), result::toString);
        assertTrue(result.out().contains("SYNC SUCCEEDED"), result::toString);
        return result;
    }

    private static void assertCount(Project.Result result, String operation, long count) {
        assertTrue(result.out().matches("(?s).*\\n" + operation + " +\\| " + count + "\\n.*"),
                () -> "expected " + operation + " " + count + " in\n" + result);
    }

    private static String type(Project project, String table, String column) {
        return (String) project.value("SELECT data_type FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = '"
                + table + "' AND column_name = '" + column + "'");
    }

    private static List<Object> column(Project project, String sql) {
        return project.query(sql).stream().map(row -> row.values().iterator().next()).toList();
    }

    @Test
    void complexConfigurationOptionsDecodesListsJsonBooleansAndNumbers() {
        Project project = Project.example("patterns/complex_configuration_options");
        debug(project);
        assertEquals(List.of("apac", "eu", "us"), column(project, "SELECT DISTINCT region FROM tester.orders ORDER BY region"));
        assertEquals(List.of(Map.of("n", 12L, "currencies", 1L, "misflagged", 0L, "large", project.value(
                        "SELECT count(*) FROM tester.orders WHERE amount >= 500"))),
                project.query("SELECT count(*) AS n, count(DISTINCT currency) AS currencies, "
                        + "count(*) FILTER (large <> (amount >= 500)) AS misflagged, count(*) FILTER (large) AS large FROM tester.orders"));
        assertEquals("EUR", project.value("SELECT DISTINCT currency FROM tester.orders"));
        assertTrue((Long) project.value("SELECT count(*) FROM tester.orders WHERE large") > 0);
    }

    @Test
    void unspecifiedTypesAreInferredFromTheJavaValues() {
        Project project = Project.example("patterns/unspecified_types");
        debug(project);
        Map<String, String> expected = Map.of("id", "INTEGER", "active", "BOOLEAN", "views", "BIGINT", "price", "DECIMAL(38,2)",
                "rating", "DOUBLE", "released", "DATE", "local_time", "TIMESTAMP", "updated_at", "TIMESTAMP WITH TIME ZONE",
                "tags", "JSON", "release_text", "VARCHAR");
        expected.forEach((column, duckDbType) -> assertEquals(duckDbType, type(project, "inferred", column), column));
        assertEquals(0L, project.value("SELECT count(*) FROM duckdb_columns() WHERE table_name = 'inferred' AND column_name = 'discontinued'"));
    }

    @Test
    void threeOperationsUpsertUpdateAndDeleteFromAChangeLog() {
        Project project = Project.example("patterns/three_operations");
        Project.Result first = debug(project);
        assertCount(first, "Upserts", 3);
        assertCount(first, "Updates", 1);
        assertCount(first, "Deletes", 1);
        assertEquals("{\"sequence\":5}", project.state());
        assertEquals(List.of(
                        Map.of("id", 1L, "title", "printer jammed", "status", "closed", "priority", "low", "deleted", false),
                        Map.of("id", 2L, "title", "no wifi", "status", "open", "priority", "high", "deleted", false),
                        Map.of("id", 3L, "title", "duplicate of 2", "status", "open", "priority", "high", "deleted", true)),
                project.query("SELECT id, title, status, priority, _fivetran_deleted AS deleted FROM tester.tickets ORDER BY id"));
        Project.Result second = debug(project);
        assertCount(second, "Upserts", 0);
        assertCount(second, "Updates", 0);
        assertEquals("{\"sequence\":5}", project.state());
    }

    @Test
    void updateAndDeleteNameARowByEveryColumnOfItsCompositeKey() {
        Project project = Project.example("patterns/update_and_delete");
        debug(project);
        assertEquals(List.of(
                        Map.of("warehouse", "berlin", "sku", "A-1", "quantity", 8, "bin", "B12", "deleted", false),
                        Map.of("warehouse", "berlin", "sku", "B-2", "quantity", 3, "bin", "B14", "deleted", false),
                        Map.of("warehouse", "paris", "sku", "A-1", "quantity", 7, "bin", "P01", "deleted", false),
                        Map.of("warehouse", "paris", "sku", "B-2", "quantity", 1, "bin", "P02", "deleted", true)),
                project.query("SELECT warehouse, sku, quantity, bin, _fivetran_deleted AS deleted FROM tester.stock ORDER BY warehouse, sku"));
    }

    @Test
    void truncateSoftDeletesWhatTheNewSnapshotNoLongerHolds() {
        Project project = Project.example("patterns/truncate_operation");
        debug(project);
        assertEquals(List.of("A-1", "B-2", "C-3"), column(project, "SELECT sku FROM tester.products WHERE NOT _fivetran_deleted ORDER BY sku"));
        Project.Result second = debug(project);
        assertCount(second, "Truncates", 1);
        assertEquals(List.of(
                        Map.of("sku", "A-1", "price", 25, "deleted", false),
                        Map.of("sku", "B-2", "price", 45, "deleted", true),
                        Map.of("sku", "C-3", "price", 80, "deleted", false),
                        Map.of("sku", "D-4", "price", 60, "deleted", false)),
                project.query("SELECT sku, price, _fivetran_deleted AS deleted FROM tester.products ORDER BY sku"));
        assertEquals("{\"syncs\":2}", project.state());
    }

    @Test
    void hashesGiveRecordsWithoutIdsAStableKey() {
        Project project = Project.example("patterns/hashes");
        debug(project);
        debug(project);
        assertEquals(3L, project.value("SELECT count(*) FROM tester.access_log"));
        assertEquals("web-2", project.value("SELECT host FROM tester.access_log WHERE line_hash = '"
                + Hashing.sha256("2024-05-01T10:00:00Z", "web-2", "GET /") + "'"));
    }

    @Test
    void recordsWithoutCreatedAtWriteOnlyWhatChangedSinceTheStoredHashes() {
        Project project = Project.example("patterns/records_without_created_at");
        assertCount(debug(project), "Upserts", 3);
        Project.Result second = debug(project);
        assertCount(second, "Upserts", 2);
        assertCount(second, "Deletes", 1);
        assertTrue(second.err().contains("2 of 3 records new or changed"), second::toString);
        assertEquals(List.of(
                        Map.of("id", 1L, "team", "core", "deleted", false),
                        Map.of("id", 2L, "team", "git", "deleted", false),
                        Map.of("id", 3L, "team", "compilers", "deleted", true),
                        Map.of("id", 4L, "team", "languages", "deleted", false)),
                project.query("SELECT id, team, _fivetran_deleted AS deleted FROM tester.employees ORDER BY id"));
        assertTrue(project.state().contains("\"2\":\"" + Hashing.sha256(Map.of("id", 2L, "name", "Linus", "team", "git")) + "\""),
                project.state());
    }

    @Test
    void schemaChangeAddsAColumnAndWidensATypeWithoutAReset() {
        Project project = Project.example("patterns/schema_change");
        debug(project);
        assertEquals("INTEGER", type(project, "products", "price"));
        debug(project);
        assertEquals("DOUBLE", type(project, "products", "price"));
        assertEquals("VARCHAR", type(project, "products", "category"));
        assertEquals(List.of(
                        Map.of("id", 1, "price", 30.0, "category", "none"),
                        Map.of("id", 2, "price", 44.5, "category", "kitchen"),
                        Map.of("id", 3, "price", 79.99, "category", "kitchen")),
                project.query("SELECT id, price, coalesce(category, 'none') AS category FROM tester.products ORDER BY id"));
    }

    @Test
    void historyModeSendsEveryVersionAsAWholeRowThenTheDelete() {
        Project project = Project.example("patterns/history_mode");
        Project.Result first = debug(project);
        assertCount(first, "Upserts", 3);
        assertCount(first, "Checkpoints", 4);
        assertEquals("Lyon", project.value("SELECT city FROM tester.customers WHERE id = 1"));
        Project.Result second = debug(project);
        assertCount(second, "Upserts", 1);
        assertCount(second, "Deletes", 1);
        assertEquals(List.of(Map.of("id", 1L, "city", "Nice", "deleted", false), Map.of("id", 2L, "city", "Boston", "deleted", true)),
                project.query("SELECT id, city, _fivetran_deleted AS deleted FROM tester.customers ORDER BY id"));
        assertEquals("{\"modified_after\":\"2024-05-02T12:00:00Z\",\"syncs\":2}", project.state());
    }

    @Test
    void multipleTablesWithCursorsKeepOneCursorPerTable() {
        Project project = Project.example("patterns/cursors/multiple_tables_with_cursors");
        project.write("configuration.json", "{\"start\": \"2024-01-01T00:00:00Z\", \"until\": \"2024-01-02T00:00:00Z\"}");
        debug(project);
        assertEquals(List.of(Map.of("orders", 144L, "invoices", 24L)), project.query(
                "SELECT (SELECT count(*) FROM tester.orders) AS orders, (SELECT count(*) FROM tester.invoices) AS invoices"));
        assertEquals("{\"cursors\":{\"orders\":\"2024-01-02T00:00:00Z\",\"invoices\":\"2024-01-02T00:00:00Z\"}}", project.state());

        project.write("files/state.json", "{\"cursors\":{\"orders\":\"2024-01-02T00:00:00Z\",\"invoices\":\"2024-01-01T12:00:00Z\"}}");
        project.write("configuration.json", "{\"start\": \"2024-01-01T00:00:00Z\", \"until\": \"2024-01-02T06:00:00Z\"}");
        Project.Result second = debug(project);
        assertCount(second, "Upserts", 36 + 18);      // 6 hours of orders; invoices from their own, older cursor
        assertEquals("{\"cursors\":{\"orders\":\"2024-01-02T06:00:00Z\",\"invoices\":\"2024-01-02T06:00:00Z\"}}", project.state());
        assertEquals(List.of(Map.of("orders", 180L, "invoices", 30L)), project.query(
                "SELECT (SELECT count(*) FROM tester.orders) AS orders, (SELECT count(*) FROM tester.invoices) AS invoices"));
    }

    @Test
    void timeWindowCheckpointsTheEndOfEachWindow() {
        Project project = Project.example("patterns/cursors/time_window");
        project.write("configuration.json", "{\"start\": \"2024-01-01T00:00:00Z\", \"until\": \"2024-01-03T12:00:00Z\", \"window_hours\": \"24\"}");
        Project.Result first = debug(project);
        assertCount(first, "Checkpoints", 3);
        assertTrue(first.err().contains("synced window [2024-01-03T00:00:00Z, 2024-01-03T12:00:00Z)"), first::toString);
        assertEquals("{\"synced_until\":\"2024-01-03T12:00:00Z\"}", project.state());
        assertEquals(360L, project.value("SELECT count(*) FROM tester.events"));

        project.write("configuration.json", "{\"start\": \"2024-01-01T00:00:00Z\", \"until\": \"2024-01-04T00:00:00Z\", \"window_hours\": \"24\"}");
        Project.Result second = debug(project);
        assertCount(second, "Upserts", 72);
        assertEquals("{\"synced_until\":\"2024-01-04T00:00:00Z\"}", project.state());
        assertEquals(432L, project.value("SELECT count(DISTINCT id) FROM tester.events"));
    }

    @Test
    void priorityFirstSyncWritesRecentDataFirstThenBackfillsOlderWindows() {
        Project project = Project.example("patterns/priority_first_sync_for_high_volume_initial_syncs");
        String settings = "\"start\": \"2024-01-01T00:00:00Z\", \"recent_hours\": \"24\", \"window_hours\": \"24\", \"backfill_windows_per_sync\": \"2\"";
        project.write("configuration.json", "{" + settings + ", \"until\": \"2024-01-06T00:00:00Z\"}");
        Project.Result first = debug(project);
        assertEquals("{\"synced_until\":\"2024-01-06T00:00:00Z\",\"backfilled_from\":\"2024-01-03T00:00:00Z\"}", project.state());
        assertEquals(List.of(Map.of("n", 432L, "oldest", "2024-01-03 00:00:00+00", "newest", "2024-01-05 23:50:00+00")), project.query(
                "SELECT count(*) AS n, min(created_at)::VARCHAR AS oldest, max(created_at)::VARCHAR AS newest FROM tester.orders"));
        assertTrue(first.err().contains("history synced back to 2024-01-03T00:00:00Z"), first::toString);

        project.write("configuration.json", "{" + settings + ", \"until\": \"2024-01-06T12:00:00Z\"}");
        Project.Result second = debug(project);
        assertTrue(second.err().contains("history synced back to 2024-01-01T00:00:00Z: backfill complete"), second::toString);
        assertEquals("{\"synced_until\":\"2024-01-06T12:00:00Z\",\"backfilled_from\":\"2024-01-01T00:00:00Z\"}", project.state());
        assertEquals(List.of(Map.of("n", 792L, "ids", 792L, "first", 1L)), project.query(
                "SELECT count(*) AS n, count(DISTINCT id) AS ids, min(id) AS first FROM tester.orders"));
    }

    @Test
    void parallelFetchingWritesEveryPageFromSeveralThreads() {
        Project project = Project.example("patterns/parallel_fetching_from_source");
        project.write("configuration.json", "{\"source_rows\": \"30000\", \"page_size\": \"2000\", \"threads\": \"4\"}");
        Project.Result result = debug(project);
        assertCount(result, "Checkpoints", 4);      // 15 pages in batches of 4, 4, 4 and 3
        assertEquals("{\"last_id\":30000}", project.state());
        assertEquals(List.of(Map.of("n", 30000L, "ids", 30000L, "first", 1L, "last", 30000L)), project.query(
                "SELECT count(*) AS n, count(DISTINCT id) AS ids, min(id) AS first, max(id) AS last FROM tester.orders"));
        assertTrue(result.err().contains("synced up to id 30000 with 3 pages in parallel"), result::toString);
    }

    @Test
    void exportCsvWritesTheSyncedRowsAndTheQueryCommandExportsTheWarehouse() {
        Project project = Project.example("patterns/export/csv");
        debug(project);
        debug(project);
        List<String> lines = Project.read(project.file("files/orders.csv")).lines().toList();
        assertEquals(6, lines.size(), lines::toString);
        assertEquals("id,customer,status,amount,created_at", lines.get(0));
        assertTrue(lines.get(1).startsWith("6,") && lines.get(1).endsWith(",2024-01-01T00:50:00Z"), lines::toString);
        BigDecimal amount = (BigDecimal) project.value("SELECT amount FROM tester.orders WHERE id = 6");
        assertTrue(lines.get(1).contains("," + amount.toPlainString() + ","), lines::toString);

        Project.Result query = project.jbang("query", "--format", "csv", "select id, amount from orders order by id");
        assertEquals(0, query.exit(), query::toString);
        List<String> exported = query.out().lines().toList();
        assertEquals(11, exported.size(), query::toString);
        assertEquals("id,amount", exported.get(0));
        assertEquals("6," + amount.toPlainString(), exported.get(6));
    }
}
