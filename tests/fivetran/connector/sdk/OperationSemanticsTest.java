package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.testing.Project;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Upsert, update, delete and truncate on real DuckDB files, through JBang, as the reference describes them. */
class OperationSemanticsTest {
    private static final String ORDERS = "[{\"table\": \"orders\", \"primary_key\": [\"id\"], \"columns\": {\"id\": \"LONG\", \"amount\": \"DOUBLE\"}}]";

    private static List<Map<String, Object>> live(Project project) {
        return project.query("SELECT id, status, amount, _fivetran_deleted AS deleted FROM tester.orders ORDER BY id");
    }

    @Test
    void upsertReplacesTheWholeRowAndUpdateChangesOnlyTheGivenColumns() {
        Project project = Project.scripted("upsert-update").schema(ORDERS, """
                [{"op": "upsert", "table": "orders", "data": {"id": 1, "status": "new", "amount": 10.5}},
                 {"op": "upsert", "table": "orders", "data": {"id": 2, "status": "new", "amount": 20}},
                 {"op": "checkpoint", "state": {"step": 1}},
                 {"op": "upsert", "table": "orders", "data": {"id": 1, "status": "paid"}},
                 {"op": "update", "table": "orders", "data": {"id": 2, "amount": 25}},
                 {"op": "update", "table": "orders", "data": {"id": 3, "status": "ghost"}},
                 {"op": "checkpoint", "state": {"step": 2}}]""");
        Project.Result result = project.debug();
        assertEquals(0, result.exit(), result::toString);
        assertEquals(List.of(
                Map.of("id", 1L, "status", "paid", "deleted", false),
                Map.of("id", 2L, "status", "new", "amount", 25.0, "deleted", false)), withoutNulls(live(project)));
        assertEquals("{\"step\":2}", project.state());
        assertTrue(result.out().contains("SYNC SUCCEEDED"), result::toString);
        assertTrue(result.out().matches("(?s).*Upserts +\\| 3\n.*Updates +\\| 2\n.*Checkpoints +\\| 2\n.*"), result::toString);
    }

    @Test
    void deleteIsSoftAndAnUpsertBringsTheRowBack() {
        Project project = Project.scripted("delete").schema(ORDERS, """
                [{"op": "upsert", "table": "orders", "data": {"id": 1, "status": "a"}},
                 {"op": "upsert", "table": "orders", "data": {"id": 2, "status": "b"}},
                 {"op": "checkpoint", "state": {}},
                 {"op": "delete", "table": "orders", "data": {"id": 1}},
                 {"op": "delete", "table": "orders", "data": {"id": 2}},
                 {"op": "delete", "table": "orders", "data": {"id": 99}},
                 {"op": "upsert", "table": "orders", "data": {"id": 2, "status": "back"}}]""");
        Project.Result result = project.debug();
        assertEquals(0, result.exit(), result::toString);
        assertEquals(List.of(
                Map.of("id", 1L, "status", "a", "deleted", true),
                Map.of("id", 2L, "status", "back", "deleted", false)), withoutNulls(live(project)));
    }

    @Test
    void truncateMarksOnlyTheRowsWrittenBeforeIt() {
        Project project = Project.scripted("truncate").schema(ORDERS, """
                [{"op": "upsert", "table": "orders", "data": {"id": 1, "status": "old"}},
                 {"op": "checkpoint", "state": {}},
                 {"op": "upsert", "table": "orders", "data": {"id": 2, "status": "old too"}},
                 {"op": "truncate", "table": "orders"},
                 {"op": "upsert", "table": "orders", "data": {"id": 3, "status": "new"}},
                 {"op": "update", "table": "orders", "data": {"id": 1, "status": "updated after truncate"}}]""");
        Project.Result result = project.debug();
        assertEquals(0, result.exit(), result::toString);
        assertEquals(List.of(
                Map.of("id", 1L, "status", "updated after truncate", "deleted", true),
                Map.of("id", 2L, "status", "old too", "deleted", true),
                Map.of("id", 3L, "status", "new", "deleted", false)), withoutNulls(live(project)));
        assertTrue(result.err().contains("table truncated: tester.orders"), result::toString);
    }

    @Test
    void secretNamedStateValuesAreMaskedInLogsButKeptInTheStateFile() {
        Project project = Project.scripted("state-secrets").script("""
                [{"op": "checkpoint", "state": {"cursor": 5, "oauth2_refresh_token": "r3fresh-s3cret", "auth": {"password": "pw-s3cret"}}}]""");
        Project.Result first = project.debug();
        assertEquals(0, first.exit(), first::toString);
        assertTrue(first.err().contains("checkpoint recorded: {\"cursor\":5,\"oauth2_refresh_token\":\"****\",\"auth\":{\"password\":\"****\"}}"),
                first::toString);
        Project.Result second = project.debug();
        Project.Result inspect = project.command("inspect");
        for (Project.Result result : List.of(first, second, inspect)) {
            String sdkLines = result.all().lines().filter(line -> !line.contains("⚡ connector")).reduce("", (a, b) -> a + b + "\n");
            assertFalse(sdkLines.contains("s3cret"), result::toString);
        }
        assertTrue(second.err().contains("previous state:\n") && second.err().contains("\"oauth2_refresh_token\":\"****\""), second::toString);
        assertTrue(project.state().contains("\"oauth2_refresh_token\":\"r3fresh-s3cret\""), project.state());
    }

    @Test
    void aTableDeclaredWithOnlyItsKeyCanBeTruncatedBeforeItsFirstRow() {
        Project project = Project.scripted("truncate-declared").schema("[{\"table\": \"fresh\", \"primary_key\": [\"id\"]}]", """
                [{"op": "truncate", "table": "fresh"},
                 {"op": "upsert", "table": "fresh", "data": {"id": 1, "v": "after"}}]""");
        Project.Result result = project.debug();
        assertEquals(0, result.exit(), result::toString);
        assertEquals(List.of(Map.of("id", 1, "v", "after", "_fivetran_deleted", false)),
                project.query("SELECT id, v, _fivetran_deleted FROM tester.fresh"));
    }

    @Test
    void manyOperationsOnOneKeyInOneCheckpointEndAsIfAppliedOneByOne() {
        Project project = Project.scripted("sequence").schema(ORDERS, """
                [{"op": "upsert", "table": "orders", "data": {"id": 1, "status": "a", "amount": 1}},
                 {"op": "update", "table": "orders", "data": {"id": 1, "amount": 2}},
                 {"op": "delete", "table": "orders", "data": {"id": 1}},
                 {"op": "update", "table": "orders", "data": {"id": 1, "status": "changed while deleted"}},
                 {"op": "upsert", "table": "orders", "data": {"id": 2, "status": "x", "amount": 5}},
                 {"op": "delete", "table": "orders", "data": {"id": 2}},
                 {"op": "upsert", "table": "orders", "data": {"id": 2, "status": "y"}},
                 {"op": "update", "table": "orders", "data": {"id": 2, "amount": 7}},
                 {"op": "update", "table": "orders", "data": {"id": 2, "status": null}}]""");
        Project.Result result = project.debug();
        assertEquals(0, result.exit(), result::toString);
        assertEquals(List.of(
                Map.of("id", 1L, "status", "changed while deleted", "amount", 2.0, "deleted", true),
                Map.of("id", 2L, "amount", 7.0, "deleted", false)), withoutNulls(live(project)));
    }

    @Test
    void aTableWithoutPrimaryKeyCollapsesIdenticalRowsByADocumentedHash() {
        Project project = Project.scripted("no-key").script("""
                [{"op": "upsert", "table": "events", "data": {"name": "a", "n": 1}},
                 {"op": "upsert", "table": "events", "data": {"n": 1, "name": "a"}},
                 {"op": "upsert", "table": "events", "data": {"name": "a", "n": 2}},
                 {"op": "checkpoint", "state": {}},
                 {"op": "upsert", "table": "events", "data": {"name": "a", "n": 1}},
                 {"op": "delete", "table": "events", "data": {"n": 2, "name": "a"}}]""");
        Project.Result result = project.debug();
        assertEquals(0, result.exit(), result::toString);
        List<Map<String, Object>> rows = project.query("SELECT name, n, _fivetran_id, _fivetran_deleted FROM tester.events ORDER BY n");
        assertEquals(2, rows.size(), rows::toString);
        assertEquals(List.of(false, true), rows.stream().map(r -> r.get("_fivetran_deleted")).toList(), "deleted by its whole row");
        Object expected = project.value("SELECT md5_number('n' || chr(31) || '1' || chr(30) || 'name' || chr(31) || 'a')");
        assertEquals(expected, rows.get(0).get("_fivetran_id"));
        assertEquals(false, project.value("SELECT is_nullable FROM duckdb_columns() WHERE table_name = 'events' AND column_name = '_fivetran_id'"));
        assertEquals(0L, project.value("SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'events' "
                        + "AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')"),
                "unique by the merge, without an index over random hashes");
    }

    @Test
    void systemColumnsAreTypedAsTheTesterTypesThem() {
        Project project = Project.scripted("system-columns").schema(ORDERS, """
                [{"op": "upsert", "table": "orders", "data": {"id": 1}}]""");
        assertEquals(0, project.debug().exit());
        assertEquals(List.of(
                Map.of("column_name", "id", "data_type", "BIGINT", "is_nullable", false),
                Map.of("column_name", "amount", "data_type", "DOUBLE", "is_nullable", true),
                Map.of("column_name", "_fivetran_synced", "data_type", "TIMESTAMP WITH TIME ZONE", "is_nullable", true),
                Map.of("column_name", "_fivetran_deleted", "data_type", "BOOLEAN", "is_nullable", true)),
                project.query("SELECT column_name, data_type, is_nullable FROM duckdb_columns() WHERE table_name = 'orders' ORDER BY column_index"));
    }

    static List<Map<String, Object>> withoutNulls(List<Map<String, Object>> rows) {
        return rows.stream().map(row -> {
            Map<String, Object> copy = new java.util.LinkedHashMap<>(row);
            copy.values().removeIf(java.util.Objects::isNull);
            return (Map<String, Object>) copy;
        }).toList();
    }
}
