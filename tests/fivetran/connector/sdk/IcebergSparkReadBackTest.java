package fivetran.connector.sdk;

import static fivetran.connector.sdk.testing.IcebergScript.NEXT_ROW;
import static fivetran.connector.sdk.testing.IcebergScript.SCHEMA;
import static fivetran.connector.sdk.testing.IcebergScript.SCRIPT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fivetran.connector.sdk.testing.Project;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An independent engine reads what {@code run} wrote: Apache Spark, in local mode with Iceberg's Spark runtime
 * ({@code tests/spark/ReadIceberg.java}, through JBang in a process and on a class path of its own), sees the tables,
 * columns, rows, soft deletes and states that {@code debug} leaves in its DuckDB warehouse for the same script.
 * <p>
 * Values compare as text after one normalisation on both sides: timestamps with a zone as UTC instants
 * ({@code 2024-01-02T03:04:05Z}), without one as local date-times ({@code 2024-01-02T03:04:05}), numbers and decimals by
 * value ({@code 12.50} and {@code 12.5} are {@code 12.5}), binary as upper-case hex, JSON and XML as their text, booleans
 * as {@code true} and {@code false}. {@code _fivetran_synced}, the time of each sync, differs between the two and is left
 * out of the comparison.
 */
@Tag("heavy")
class IcebergSparkReadBackTest {
    // decimals by value: a JSON number read as BigDecimal, never through a double
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final String SYNCED = "_fivetran_synced";

    private static Project run;
    private static Project debug;
    private static SparkRead spark;
    private static DebugRead expected;

    @BeforeAll
    static void syncTheScriptBothWaysAndReadRunsTablesWithSpark() {
        run = Project.empty("spark-run").schema(SCHEMA, SCRIPT);
        debug = Project.empty("spark-debug").schema(SCHEMA, SCRIPT);
        sync(run, "run");
        sync(debug, "debug");
        spark = SparkRead.of(run);
        expected = DebugRead.of(debug);
    }

    @AfterAll
    static void deleteProjects() {
        run.delete();
        debug.delete();
    }

    private static void sync(Project project, String command) {
        Project.Result result = project.command(command);
        assertEquals(0, result.exit(), () -> command + " failed:\n" + result);
    }

    @Test
    void sparkSeesDebugsTablesAndColumns() {
        assertEquals(expected.columns().keySet(), spark.columns().keySet(), () -> "the tables\n" + spark);
        expected.columns().forEach((table, columns) -> assertEquals(List.copyOf(columns.keySet()), List.copyOf(spark.columns().get(table).keySet()),
                () -> table + ": the columns, in debug's order (debug's types " + columns + ", Spark's " + spark.columns().get(table) + ")"));
    }

    @Test
    void sparkReadsEveryFivetranTypeAsItsOwn() {
        Map<String, String> items = new TreeMap<>(Map.ofEntries(Map.entry("id", "int"), Map.entry("name", "string"), Map.entry("price", "double"),
                Map.entry("meta", "string"), Map.entry("day", "date"), Map.entry("at", "timestamp"), Map.entry("local", "timestamp_ntz"),
                Map.entry("amount", "decimal(10,2)"), Map.entry("flag", "boolean"), Map.entry("small", "int"), Map.entry("big", "bigint"),
                Map.entry("ratio", "float"), Map.entry("doc", "string"), Map.entry("blob", "binary"), Map.entry(SYNCED, "timestamp"),
                Map.entry("_fivetran_deleted", "boolean"), Map.entry("extra", "bigint")));
        assertEquals(items, new TreeMap<>(spark.columns().get("items")), "items' Spark types (extra promoted from INT to LONG in place)");
        assertEquals("string", spark.columns().get("logs").get("v"), () -> "logs.v, changed to STRING by a replace: " + spark.columns().get("logs"));
    }

    @Test
    void everyRowSparkReadsIsDebugs() {
        for (String table : expected.rows().keySet()) {
            assertEquals(text(expected.rows().get(table)), text(spark.rowsWithoutSynced(table)),
                    table + ": debug's warehouse (expected) against Spark's reading of run's Iceberg table (actual)");
            spark.rows().get(table).forEach(row -> assertNotNull(row.get(SYNCED), () -> table + ": " + row));
        }
    }

    @Test
    void deletesAreSoftAndReplacedRowsAppearOnce() {
        // the position deletes of every replaced row (ids 1, 2, 3, the notes row "hello") are applied: each key once
        List<Map<String, String>> items = byNumber(spark.rows().get("items"), "id");
        assertEquals(List.of("1", "2", "3", "4", "5"), column(items, "id"), () -> text(items));
        assertEquals(List.of("false", "true", "false", "false", "false"), column(items, "_fivetran_deleted"), () -> text(items));
        assertEquals(List.of("a1", "b twice", "c", "d", "e"), column(items, "name"), () -> text(items));
        assertEquals("1.5", items.get(0).get("price"), () -> "a partial update keeps the other columns: " + text(items));
        List<Map<String, String>> notes = byNumber(spark.rows().get("notes"), "n");
        assertEquals(List.of("1", "2"), column(notes, "n"), () -> text(notes));
        // the truncate marks every earlier row deleted, keeping it
        List<Map<String, String>> logs = byNumber(spark.rows().get("logs"), "k");
        assertEquals(List.of("1", "2", "3", "4"), column(logs, "k"), () -> text(logs));
        assertEquals(List.of("true", "true", "false", "false"), column(logs, "_fivetran_deleted"), () -> text(logs));
        assertEquals(List.of("10", "20", "30", "forty"), column(logs, "v"), () -> text(logs));
    }

    @Test
    void eachTablesLastSnapshotCarriesDebugsCommittedState() {
        assertEquals("{\"cursor\":3}", expected.stateFile(), "debug's files/state.json");
        assertEquals(expected.stateFile(), expected.state(), "debug's warehouse commits what its state file says");
        // items and logs changed in the last checkpoint, notes in the one before
        Map<String, String> states = Map.of("items", expected.state(), "logs", expected.state(), "notes", expected.previousState());
        states.forEach((table, state) -> assertEquals(state, spark.currentSnapshot(table).path("state").asText(null),
                () -> table + "'s current snapshot: " + spark.snapshots().get(table)));
        JsonNode commit = spark.commit();
        assertNotNull(commit, () -> "no connector-sdk.commit in DESCRIBE NAMESPACE EXTENDED\n" + spark);
        assertEquals(expected.state(), commit.path("state").asText(null), commit::toString);
        assertEquals(expected.previousState(), commit.path("previous_state").asText(null), commit::toString);
    }

    @Test
    void sparkSeesTheNextRunsNewRow() {
        run.schema(SCHEMA, NEXT_ROW);
        debug.schema(SCHEMA, NEXT_ROW);
        sync(run, "run");
        sync(debug, "debug");
        SparkRead again = SparkRead.of(run);
        DebugRead debugAgain = DebugRead.of(debug);
        List<Map<String, String>> items = byNumber(again.rows().get("items"), "id");
        assertEquals(List.of("1", "2", "3", "4", "5", "6"), column(items, "id"), () -> text(items));
        for (String table : debugAgain.rows().keySet()) {
            assertEquals(text(debugAgain.rows().get(table)), text(again.rowsWithoutSynced(table)), table + " after the next sync: debug (expected), Spark (actual)");
        }
        assertEquals("{\"cursor\":4}", again.currentSnapshot("items").path("state").asText(null), () -> again.snapshots().get("items").toString());
        assertEquals(spark.snapshots().get("items").size() + 1, again.snapshots().get("items").size(), () -> again.snapshots().get("items").toString());
        assertEquals("{\"cursor\":4}", debugAgain.stateFile(), "debug's files/state.json after the next sync");
        assertEquals(debugAgain.stateFile(), again.commit().path("state").asText(null), again.commit()::toString);
    }

    private static List<Map<String, String>> byNumber(List<Map<String, String>> rows, String column) {
        return rows.stream().sorted(Comparator.comparing(row -> new BigDecimal(row.get(column)))).toList();
    }

    private static List<String> column(List<Map<String, String>> rows, String column) {
        return rows.stream().map(row -> row.get(column)).toList();
    }

    /** Rows one a line, for messages that show both sides whole. */
    private static String text(List<Map<String, String>> rows) {
        return rows.stream().map(Map::toString).collect(Collectors.joining("\n", "\n", "\n"));
    }

    private static List<Map<String, String>> sorted(List<Map<String, String>> rows) {
        List<Map<String, String>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(row -> row.values().toString()));
        return copy;
    }

    private static String number(String text) {
        return new BigDecimal(text).stripTrailingZeros().toPlainString();
    }

    /**
     * What ReadIceberg printed for a project: each table's columns (name to Spark type, in order), its rows normalized in
     * Spark's order (by every column), its snapshots oldest first; the namespace's commit record, null when Spark showed none.
     */
    record SparkRead(Map<String, Map<String, String>> columns, Map<String, List<Map<String, String>>> rows,
                     Map<String, List<JsonNode>> snapshots, JsonNode commit, String output) {
        static SparkRead of(Project project) {
            Project.Result result = Project.runIn(Project.root(),
                    List.of(Project.root().resolve("jbang").toString(), "tests/spark/ReadIceberg.java", project.dir().toString()), Map.of(), null);
            assertEquals(0, result.exit(), () -> "ReadIceberg failed:\n" + result);
            Map<String, Map<String, String>> columns = new TreeMap<>();
            Map<String, List<Map<String, String>>> rows = new TreeMap<>();
            Map<String, List<JsonNode>> snapshots = new TreeMap<>();
            JsonNode commit = null;
            for (String line : result.out().lines().filter(l -> !l.isBlank()).toList()) {
                JsonNode node = parse(line, result);
                String table = node.path("table").asText();
                if (node.has("columns")) {
                    Map<String, String> types = new LinkedHashMap<>();
                    node.get("columns").forEach(c -> types.put(c.get("name").asText(), c.get("type").asText()));
                    columns.put(table, types);
                    rows.put(table, new ArrayList<>());
                    snapshots.put(table, new ArrayList<>());
                } else if (node.has("row")) {
                    rows.get(table).add(normalize(columns.get(table), node.get("row")));
                } else if (node.has("snapshot")) {
                    snapshots.get(table).add(node);
                } else if (node.has("commit")) {
                    commit = node.get("commit");
                }
            }
            return new SparkRead(columns, rows, snapshots, commit, result.out());
        }

        private static JsonNode parse(String line, Project.Result result) {
            try {
                return JSON.readTree(line);
            } catch (Exception e) {
                throw new AssertionError("ReadIceberg printed a line that is not JSON: " + line + "\n" + result, e);
            }
        }

        private static Map<String, String> normalize(Map<String, String> types, JsonNode values) {
            Map<String, String> row = new LinkedHashMap<>();
            types.forEach((column, type) -> {
                JsonNode value = values.get(column);
                row.put(column, value == null || value.isNull() ? null : switch (type) {
                    case "timestamp" -> Instant.parse(value.asText()).toString();
                    case "timestamp_ntz" -> LocalDateTime.parse(value.asText()).toString();
                    case "binary" -> HexFormat.of().withUpperCase().formatHex(Base64.getDecoder().decode(value.asText()));
                    default -> value.isNumber() ? number(value.decimalValue().toString()) : value.asText();
                });
            });
            return row;
        }

        List<Map<String, String>> rowsWithoutSynced(String table) {
            return sorted(rows.get(table).stream().map(IcebergSparkReadBackTest::withoutSynced).toList());
        }

        /** The snapshot the table's main branch points at, which must be the last one. */
        JsonNode currentSnapshot(String table) {
            List<JsonNode> all = snapshots.get(table);
            JsonNode last = all.get(all.size() - 1);
            assertTrue(last.path("current").asBoolean(), () -> table + ": the last snapshot is not the current one: " + all);
            return last;
        }

        @Override
        public String toString() {
            return "ReadIceberg's output:\n" + output;
        }
    }

    /**
     * The same tables in debug's warehouse (columns to DuckDB types; rows normalized as {@link SparkRead}'s, without
     * {@code _fivetran_synced}, sorted), the state and the one before that it committed, and its files/state.json.
     */
    record DebugRead(Map<String, Map<String, String>> columns, Map<String, List<Map<String, String>>> rows, String state, String previousState,
                     String stateFile) {
        static DebugRead of(Project debug) {
            Map<String, Map<String, String>> columns = new TreeMap<>();
            for (Map<String, Object> column : debug.query("SELECT table_name, column_name, data_type FROM duckdb_columns() "
                    + "WHERE schema_name = 'tester' ORDER BY table_name, column_index")) {
                columns.computeIfAbsent((String) column.get("table_name"), t -> new LinkedHashMap<>())
                        .put((String) column.get("column_name"), (String) column.get("data_type"));
            }
            Map<String, List<Map<String, String>>> rows = new TreeMap<>();
            columns.forEach((table, types) -> rows.put(table, rows(debug, table, types)));
            Map<String, Object> committed = debug.query("SELECT state, previous_state FROM _connector_sdk.state").get(0);
            return new DebugRead(columns, rows, (String) committed.get("state"), (String) committed.get("previous_state"), debug.state().strip());
        }

        private static List<Map<String, String>> rows(Project debug, String table, Map<String, String> types) {
            List<String> select = new ArrayList<>();
            types.forEach((column, type) -> {
                String quoted = "\"" + column + "\"";
                select.add(switch (type) {
                    case "TIMESTAMP WITH TIME ZONE", "TIMESTAMP" -> "epoch_us(" + quoted + ")";
                    case "BLOB" -> "hex(" + quoted + ")";
                    case "DATE", "JSON" -> "CAST(" + quoted + " AS VARCHAR)";
                    default -> quoted;
                } + " AS " + quoted);
            });
            List<Map<String, String>> rows = new ArrayList<>();
            for (Map<String, Object> values : debug.query("SELECT " + String.join(", ", select) + " FROM tester.\"" + table + "\"")) {
                Map<String, String> row = new LinkedHashMap<>();
                types.forEach((column, type) -> {
                    Object value = values.get(column);
                    row.put(column, value == null ? null : switch (type) {
                        case "TIMESTAMP WITH TIME ZONE" -> Instant.EPOCH.plus(((Number) value).longValue(), ChronoUnit.MICROS).toString();
                        case "TIMESTAMP" -> LocalDateTime.ofInstant(Instant.EPOCH.plus(((Number) value).longValue(), ChronoUnit.MICROS), ZoneOffset.UTC).toString();
                        default -> value instanceof Number ? number(value.toString()) : value.toString();
                    });
                });
                rows.add(withoutSynced(row));
            }
            return sorted(rows);
        }
    }

    private static Map<String, String> withoutSynced(Map<String, String> row) {
        Map<String, String> copy = new LinkedHashMap<>(row);
        copy.remove(SYNCED);
        return copy;
    }
}
