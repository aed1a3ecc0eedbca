package fivetran.connector.sdk;

import static fivetran.connector.sdk.testing.IcebergScript.NEXT_ROW;
import static fivetran.connector.sdk.testing.IcebergScript.SCHEMA;
import static fivetran.connector.sdk.testing.IcebergScript.SCRIPT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.testing.IcebergTables;
import fivetran.connector.sdk.testing.Project;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.Snapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code run} into the embedded Iceberg catalog, in this JVM: the same script synced by {@code run} and by {@code debug}
 * leaves the same tables, columns and rows (read back with Iceberg's own reader), each checkpoint one commit per table
 * with the state in its snapshot summary, replacements as position deletes, and the next run resumes from the
 * catalog's state.
 */
class IcebergRunTest {
    private static final Set<String> SYNCED = Set.of("_fivetran_synced");

    private static Project run;
    private static Project debug;
    private static Project.Result runResult;

    @BeforeAll
    static void syncTheScriptBothWays() {
        run = Project.empty("iceberg-run").schema(SCHEMA, SCRIPT);
        debug = Project.empty("iceberg-debug").schema(SCHEMA, SCRIPT);
        runResult = run.command("run");
        Project.Result debugResult = debug.debug();
        assertEquals(0, runResult.exit(), runResult::toString);
        assertEquals(0, debugResult.exit(), debugResult::toString);
        // the summary is debug's: the same counts and tables
        assertEquals(summary(debugResult.out()), summary(runResult.out()));
    }

    @AfterAll
    static void deleteProjects() {
        run.delete();
        debug.delete();
    }

    private static String summary(String out) {
        return out.substring(out.indexOf("Operation"), out.indexOf("SYNC SUCCEEDED"));
    }

    @Test
    void theTablesColumnsAndRowsAreDebugs() throws Exception {
        try (IcebergTables iceberg = new IcebergTables(run)) {
            assertEquals(List.of("items", "logs", "notes"), iceberg.tables());
            Map<String, String> keys = Map.of("items", "id", "logs", "k", "notes", "n");
            for (String table : iceberg.tables()) {
                List<Map<String, String>> rows = iceberg.rows(table, keys.get(table));
                List<Map<String, String>> expected = iceberg.debugRows(debug, table, keys.get(table));
                assertEquals(IcebergTables.without(expected, SYNCED), IcebergTables.without(rows, SYNCED), table);
                rows.forEach(row -> assertNotNull(row.get("_fivetran_synced"), table + ": " + row));
                List<String> debugColumns = new ArrayList<>();
                debug.query("SELECT column_name FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = '" + table + "' ORDER BY column_index")
                        .forEach(row -> debugColumns.add((String) row.get("column_name")));
                assertEquals(debugColumns, iceberg.columns(table), table + ": the columns, in debug's order");
            }
            // deletes are soft, a truncate marks every earlier row deleted, a row upserted twice in a checkpoint is there once
            List<Map<String, String>> items = iceberg.rows("items", "id");
            assertEquals(List.of("1", "2", "3", "4", "5"), items.stream().map(r -> r.get("id")).toList());
            assertEquals("9007199254740993", items.get(4).get("extra"));
            assertEquals("true", items.get(1).get("_fivetran_deleted"));
            assertEquals("b twice", items.get(1).get("name"));
            assertEquals("a1", items.get(0).get("name"));
            assertEquals("1.5", items.get(0).get("price"), "a partial update keeps the other columns");
            assertEquals("{\"x\":[1,2]}", items.get(0).get("meta"));
            List<Map<String, String>> logs = iceberg.rows("logs", "k");
            assertEquals(List.of("true", "true", "false", "false"), logs.stream().map(r -> r.get("_fivetran_deleted")).toList());
            assertEquals("forty", logs.get(3).get("v"));
        }
    }

    @Test
    void typesFollowTheMappingTable() {
        try (IcebergTables iceberg = new IcebergTables(run)) {
            Map<String, String> expected = Map.ofEntries(Map.entry("id", "int"), Map.entry("name", "string"), Map.entry("price", "double"),
                    Map.entry("meta", "string"), Map.entry("day", "date"), Map.entry("at", "timestamptz"), Map.entry("local", "timestamp"),
                    Map.entry("amount", "decimal(10, 2)"), Map.entry("flag", "boolean"), Map.entry("small", "int"), Map.entry("big", "long"),
                    Map.entry("ratio", "float"), Map.entry("doc", "string"), Map.entry("blob", "binary"), Map.entry("_fivetran_synced", "timestamptz"),
                    Map.entry("_fivetran_deleted", "boolean"));
            expected.forEach((column, type) -> assertEquals(type, iceberg.type("items", column), column));
            assertEquals("fivetran:JSON", iceberg.table("items").schema().findField("meta").doc());
            assertEquals("fivetran:XML", iceberg.table("items").schema().findField("doc").doc());
            assertEquals("string", iceberg.type("notes", "_fivetran_id"));
            assertEquals(Set.of("id"), iceberg.table("items").schema().identifierFieldNames());
            assertEquals(Set.of("_fivetran_id"), iceberg.table("notes").schema().identifierFieldNames());
            // logs.v went from a number to STRING, which Iceberg cannot do in place: the table was rewritten
            assertEquals("string", iceberg.type("logs", "v"));
            // items.extra went from INT to LONG, an Iceberg promotion: changed in place, the table not rewritten
            assertEquals("long", iceberg.type("items", "extra"));
            assertEquals("fivetran:LONG", iceberg.table("items").schema().findField("extra").doc());
            assertTrue(iceberg.snapshots("items").stream().noneMatch(s -> s.summary().containsKey("replace-partitions")));
            Map<String, String> last = iceberg.table("items").currentSnapshot().summary();
            assertEquals("2", last.get("added-records"), "the last checkpoint of items adds id 5 and rewrites id 3 only: " + last);
            assertEquals("1", last.get("added-position-deletes"), "id 3's row before its update: " + last);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void eachCheckpointIsOneCommitPerTableWithItsStateAndPositionDeletesOnly() throws Exception {
        try (IcebergTables iceberg = new IcebergTables(run)) {
            JsonNode record = iceberg.commitRecord();
            assertEquals("{\"cursor\":3}", record.get("state").asText());
            assertEquals("{\"cursor\":2}", record.get("previous_state").asText());
            assertEquals(Set.of("items", "logs", "notes"), fieldNames(record.get("tables")));
            for (String table : iceberg.tables()) {
                Set<String> checkpoints = new HashSet<>();
                for (Snapshot snapshot : iceberg.snapshots(table)) {
                    assertTrue(checkpoints.add(snapshot.summary().get("connector-sdk.checkpoint")), table + ": two snapshots of one checkpoint");
                    assertEquals("0", snapshot.summary().getOrDefault("total-equality-deletes", "0"), table);
                }
            }
            List<Snapshot> items = iceberg.snapshots("items");
            Snapshot first = items.stream().filter(s -> "{\"cursor\":1}".equals(s.summary().get("connector-sdk.state"))).findFirst().orElseThrow();
            assertEquals("3", first.summary().get("added-records"), "id 2, upserted twice in the checkpoint, lands once");
            Snapshot second = items.stream().filter(s -> "{\"cursor\":2}".equals(s.summary().get("connector-sdk.state"))).findFirst().orElseThrow();
            assertEquals("2", second.summary().get("added-position-deletes"), "ids 1 and 2 replaced by position deletes");
            assertEquals("3", second.summary().get("added-records"), "ids 1, 2 and 4");
            assertEquals("{\"cursor\":3}", iceberg.table("items").currentSnapshot().summary().get("connector-sdk.state"));
            assertEquals("{\"cursor\":3}", run.state().strip(), "files/state.json mirrors the catalog");
            // notes did not change in the last checkpoint: no snapshot of it
            assertEquals("{\"cursor\":2}", iceberg.table("notes").currentSnapshot().summary().get("connector-sdk.state"));
        }
    }

    @Test
    void inspectListsTheIcebergTablesTheirSnapshotsAndTheCommittedState() {
        Project.Result inspect = run.command("inspect", "--iceberg");
        assertEquals(0, inspect.exit(), inspect::toString);
        assertTrue(inspect.out().contains("tester.items: 4 live rows, 1 deleted"), inspect::toString);
        assertTrue(inspect.out().contains("tester.logs: 2 live rows, 2 deleted"), inspect::toString);
        assertTrue(inspect.out().matches("(?s).*amount +\\| decimal\\(10, 2\\) +\\| DECIMAL\\(10,2\\) +\\| no.*"), inspect::toString);
        assertTrue(inspect.out().contains("| overwrite | "), inspect::toString);
        assertTrue(inspect.out().contains("state: {\"cursor\":3}"), inspect::toString);
        Project.Result none = debug.command("inspect", "--iceberg");
        assertEquals(1, none.exit(), none::toString);
        assertTrue(none.err().contains("there are no Iceberg tables at " + debug.dir().resolve("files/iceberg") + " yet: run run first"), none::toString);
    }

    @Test
    void theNextRunResumesFromTheCatalogsStateAndWritesOnlyTheChange() throws Exception {
        Project project = Project.empty("iceberg-resume").schema(SCHEMA, SCRIPT);
        try {
            assertEquals(0, project.command("run").exit());
            // as after a kill between the catalog's commit and the state file's write
            project.write("files/state.json", "{\"cursor\":2}");
            project.schema(SCHEMA, NEXT_ROW);
            long before;
            try (IcebergTables iceberg = new IcebergTables(project)) {
                before = iceberg.snapshots("items").size();
            }
            Project.Result again = project.command("run");
            assertEquals(0, again.exit(), again::toString);
            assertTrue(again.err().contains("state at start: {\"cursor\":3}"), again::toString);
            assertTrue(again.err().contains("one checkpoint behind"), again::toString);
            try (IcebergTables iceberg = new IcebergTables(project)) {
                List<Snapshot> snapshots = iceberg.snapshots("items");
                assertEquals(before + 1, snapshots.size());
                Snapshot last = snapshots.get(snapshots.size() - 1);
                assertEquals("1", last.summary().get("added-records"));
                assertEquals(null, last.summary().get("added-position-deletes"));
                assertEquals("{\"cursor\":4}", last.summary().get("connector-sdk.state"));
                assertEquals(6, iceberg.rows("items", "id").size());
                assertEquals("{\"cursor\":4}", iceberg.commitRecord().get("state").asText());
            }
            assertEquals("{\"cursor\":4}", project.state().strip());
        } finally {
            project.delete();
        }
    }

    @Test
    void aFailingSyncLeavesTheTablesAndTheStateAtTheLastCheckpoint() throws Exception {
        Project project = Project.empty("iceberg-fails").schema(SCHEMA, """
                [{"op": "upsert", "table": "items", "data": {"id": 1, "name": "kept"}},
                 {"op": "checkpoint", "state": {"cursor": 1}},
                 {"op": "upsert", "table": "items", "data": {"id": 1, "name": "lost"}},
                 {"op": "upsert", "table": "items", "data": {"id": 2, "name": "lost"}},
                 {"op": "fail", "message": "the source went away"}]""");
        try {
            Project.Result result = project.command("run");
            assertEquals(1, result.exit(), result::toString);
            assertTrue(result.out().contains("SYNC FAILED") && result.out().contains("the source went away"), result::toString);
            try (IcebergTables iceberg = new IcebergTables(project)) {
                List<Map<String, String>> rows = iceberg.rows("items", "id");
                assertEquals(1, rows.size());
                assertEquals("kept", rows.get(0).get("name"));
                assertEquals("{\"cursor\":1}", iceberg.commitRecord().get("state").asText());
            }
            assertEquals("{\"cursor\":1}", project.state().strip());
            assertFalse(java.nio.file.Files.exists(project.dir().resolve("files/warehouse.db")), "run leaves debug's warehouse alone");
        } finally {
            project.delete();
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        List<String> list = new ArrayList<>();
        node.fieldNames().forEachRemaining(list::add);
        names.addAll(list);
        return names;
    }
}
