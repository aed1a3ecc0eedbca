package fivetran.connector.sdk.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.internal.Jackson;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks that a sync which stopped anywhere left exactly the rows of a committed checkpoint, for syncs of
 * {@link #generator}'s kind (or the scripted connector's {@code generate} step): table {@code tester.events} without a
 * primary key, rows numbered 0..n-1 and tagged with the run that wrote them, state {@code {"next": n}}, so that a row
 * written twice shows as two rows instead of hiding behind a key.
 */
public final class ExactlyOnce {
    private ExactlyOnce() {
    }

    /** The warehouse's committed state, the one committed before it, and the committed state's cursor. */
    public record Committed(String state, String previousState, long next) {
    }

    /** A connector that writes rows from state's cursor up to {@code total}, tagged with {@code run}, checkpointing every {@code every} rows; it throws at row {@code failAt} (-1: never). */
    public static Connector generator(String run, long total, long every, long failAt) {
        return new Connector((configuration, state) -> {
            for (long row = state.getLong("next", 0); row < total; row++) {
                if (row == failAt) {
                    throw new IllegalStateException("failing at row " + row);
                }
                Operations.upsert("events", Map.of("row", row, "run", run, "payload", "value " + row));
                if ((row + 1) % every == 0) {
                    state.put("next", row + 1);
                    Operations.checkpoint(state);
                }
            }
        });
    }

    /** Runs {@code debug} of {@code connector} in this JVM on the project folder. */
    public static Captured debug(Project project, Connector connector) {
        return Captured.run(() -> connector.debug(project.dir().toString()));
    }

    public static Committed committed(Project project) {
        if (!Files.exists(project.file("files/warehouse.db"))) {
            return new Committed(null, null, 0);
        }
        List<Map<String, Object>> rows = project.query("SELECT state, previous_state FROM _connector_sdk.state");
        if (rows.isEmpty()) {
            return new Committed(null, null, 0);
        }
        String state = (String) rows.get(0).get("state");
        JsonNode next = readJson(state).get("next");
        return new Committed(state, (String) rows.get(0).get("previous_state"), next == null ? 0 : next.asLong());
    }

    /** How many rows of {@code tester.events} the run tagged {@code run} wrote. */
    public static long rows(Project project, String run) {
        return tableExists(project) ? (Long) project.value("SELECT count(*) FROM tester.events WHERE run = '" + run + "'") : 0;
    }

    /** How many rows of {@code tester.events} each run wrote, in one query. */
    public static Map<String, Long> rowsByRun(Project project) {
        Map<String, Long> byRun = new TreeMap<>();
        for (Map<String, Object> row : project.query("SELECT run, count(*) AS n FROM tester.events GROUP BY run")) {
            byRun.put((String) row.get("run"), (Long) row.get("n"));
        }
        return byRun;
    }

    private static boolean tableExists(Project project) {
        return Files.exists(project.file("files/warehouse.db"))
                && (Long) project.value("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'tester' AND table_name = 'events'") == 1;
    }

    /** Rows 0..n-1 exactly once each, whatever run wrote them, and no other table in schema tester. */
    public static void assertExactlyRows(Project project, long n, String where) {
        if (n == 0 && !tableExists(project)) {
            return;
        }
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("tables", 1L);
        expected.put("rows", n);
        expected.put("distinct_rows", n);
        expected.put("low", n == 0 ? null : 0L);
        expected.put("high", n == 0 ? null : n - 1);
        assertEquals(List.of(expected), project.query("SELECT (SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'tester') AS tables, "
                + "count(*) AS rows, count(DISTINCT \"row\") AS distinct_rows, "
                + "min(\"row\")::BIGINT AS low, max(\"row\")::BIGINT AS high FROM tester.events WHERE NOT _fivetran_deleted"), where);
    }

    /**
     * After a stopped sync: the warehouse opens, its only table holds exactly rows 0..n-1 of the last committed state
     * {@code {"next": n}}, each once, the stopped run resumed where the previous one committed, and state.json is
     * at that checkpoint or one behind. Returns whether it was one behind.
     */
    public static boolean assertOnlyTheLastCheckpoint(Project project, long startNext, String run, String log, String context) {
        Committed committed = committed(project);
        String where = context + "\n" + log;
        assertTrue(committed.next() >= startNext, where);
        assertExactlyRows(project, committed.next(), where);
        assertEquals(committed.next() - startNext, rows(project, run), where);
        if (log.contains("state at start: ")) {
            assertTrue(log.contains("state at start: {" + (startNext == 0 ? "" : "\"next\":" + startNext) + "}"), where);
        }
        String stateFile = project.state();
        if (committed.state() == null) {
            assertNull(stateFile, where);
            return false;
        }
        if (stateFile == null) {
            // stopped between the first commit and the first state file's rename: one behind the empty start state
            assertTrue(committed.previousState() == null || sameJson("{}", committed.previousState()),
                    "no state.json, but the warehouse committed " + committed.state() + " after " + committed.previousState() + ": " + where);
            return true;
        }
        assertTrue(sameJson(stateFile, committed.state()) || sameJson(stateFile, committed.previousState()),
                "state.json " + stateFile + " is neither the committed state " + committed.state() + " nor the one before: " + where);
        return !sameJson(stateFile, committed.state());
    }

    /** In Iceberg, after {@code run}: every one of {@code tables} holds rows 0..n-1, each once, {@code fromRun} of them tagged {@code run}; with n = 0 there may be no table yet. */
    public static void assertExactlyIcebergRows(Project project, List<String> tables, long n, String run, long fromRun, String where) throws Exception {
        try (IcebergTables iceberg = new IcebergTables(project)) {
            for (String table : tables) {
                List<Map<String, String>> all = iceberg.tables().contains(table) ? iceberg.rows(table, "row") : List.of();
                assertEquals(fromRun, all.stream().filter(row -> run.equals(row.get("run"))).count(), table + ": rows of " + run + "\n" + where);
                List<Long> rows = all.stream().map(row -> Long.parseLong(row.get("row"))).sorted().toList();
                assertEquals(n, rows.size(), table + ": rows\n" + where);
                assertEquals(n, rows.stream().distinct().count(), table + ": a row written twice\n" + where);
                assertTrue(n == 0 || rows.get(0) == 0 && rows.get(rows.size() - 1) == n - 1,
                        () -> table + ": rows " + rows.get(0) + ".." + rows.get(rows.size() - 1) + "\n" + where);
            }
        }
    }

    /** The cursor of the state {@code run} last committed into the embedded Iceberg catalog; 0 when there is none. */
    public static long committedIcebergNext(Project project) throws Exception {
        if (!Files.exists(project.file("files/iceberg/catalog.db"))) {
            return 0;
        }
        try (IcebergTables iceberg = new IcebergTables(project)) {
            JsonNode record = iceberg.commitRecord();
            return record == null || record.get("state").isNull() ? 0 : readJson(record.get("state").asText()).path("next").asLong(0);
        }
    }

    private static JsonNode readJson(String json) {
        try {
            return Jackson.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static boolean sameJson(String a, String b) {
        return b != null && readJson(a).equals(readJson(b));
    }
}
