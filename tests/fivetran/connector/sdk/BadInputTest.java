package fivetran.connector.sdk;

import fivetran.connector.sdk.internal.Jackson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.testing.Captured;
import fivetran.connector.sdk.testing.Project;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus: each refused input gives one message naming what and where, exit 1, and leaves the
 * warehouse and state.json at the last checkpoint; each input that is not an error lands as asserted. A new
 * case is one line in {@link #refused()} or {@link #accepted()}.
 */
class BadInputTest {
    private static final String SECRET = "s3cr3t-value";
    private static final List<Table> ORDERS = List.of(Table.named("orders").primaryKey("id").column("id", DataType.INT)
            .column("qty", DataType.INT).column("small", DataType.SHORT).decimal("price", 5, 2).column("paid_at", DataType.UTC_DATETIME)
            .column("amount", DataType.DOUBLE).column("doc", DataType.JSON).column("note", DataType.STRING));

    /**
     * An input to refuse. After a sync that committed order 1 with state {"at":1}, a second sync writes order 3,
     * then meets the bad input: from its configuration file, its state file, its schema() or an operation.
     */
    record Refused(String what, String configurationFile, String stateFile, Connector.Schema schema, Consumer<Configuration> operation, String message) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Refused configuration(String what, String json, String message) {
        return new Refused(what, json, null, c -> ORDERS, c -> { }, message);
    }

    static Refused stateFile(String what, String content, String message) {
        return new Refused(what, null, content, c -> ORDERS, c -> { }, message);
    }

    static Refused schema(String what, Connector.Schema schema, String message) {
        return new Refused(what, null, null, schema, c -> { }, message);
    }

    static Refused operation(String what, Consumer<Configuration> operation, String message) {
        return new Refused(what, null, null, c -> ORDERS, operation, message);
    }

    static Refused operation(String what, Runnable operation, String message) {
        return operation(what, c -> operation.run(), message);
    }

    /** An upsert of order 2 with one bad column value. */
    static Refused value(String what, String column, Object value, String message) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", 2);
        row.put(column, value);
        return operation(what, () -> Operations.upsert("orders", row), message);
    }

    static Refused checkpoint(String what, Map<?, ?> state, String message) {
        return operation(what, () -> Operations.checkpoint(castState(state)), message);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castState(Map<?, ?> state) {
        return (Map<String, ?>) state;
    }

    static Stream<Refused> refused() {
        return Stream.of(
                configuration("configuration: not JSON", "{\"api_key\": \"" + SECRET + "\", ", "Configuration must be provided as a JSON file: "),
                configuration("configuration: not an object", "[\"" + SECRET + "\"]", "it must be a JSON object of string values, found array"),
                configuration("configuration: a non-string value", "{\"api_key\": \"" + SECRET + "\", \"port\": 5432}",
                        "all values must be strings, but the value of 'port' is number"),
                configuration("configuration: more than 100 keys", IntStream.range(0, 101).mapToObj(i -> "\"k" + i + "\": \"" + SECRET + "\"")
                        .collect(Collectors.joining(", ", "{", "}")), "at most 100 keys are allowed, found 101"),
                operation("configuration: a missing required key", c -> c.require("api_key"), "configuration is missing required key 'api_key'"),

                schema("name: an empty table name in schema()", c -> List.of(Table.named("")),
                        "failed while executing schema() error: table name must not be empty or blank"),
                operation("name: a blank table name", () -> Operations.upsert(" ", Map.of("id", 1)), "table name must not be empty or blank, was ' '"),
                operation("name: a blank column name", () -> Operations.upsert("orders", Map.of("id", 2, "  ", 1)),
                        "table 'orders': column name must not be empty or blank, was '  '"),
                operation("name: a column name that is not a string", () -> Operations.upsert("orders", integerKeyed()),
                        "table 'orders': column name 7 (Integer) is not a string"),
                operation("name: a column name with an unpaired surrogate", () -> Operations.upsert("orders", Map.of("id", 2, "bad\uD800", 1)),
                        "table 'orders': column name 'bad\\uD800' (String) is not valid text: it holds an unpaired UTF-16 surrogate (U+D800 at index 3)"),
                operation("name: a column name starting with _fivetran_", () -> Operations.upsert("orders", Map.of("id", 2, "_fivetran_synced", 1)),
                        "table 'orders', column '_fivetran_synced': names starting with _fivetran_ are reserved for Fivetran's system columns"),

                value("value: a string for an INT column", "qty", "many", "table 'orders', column 'qty': value 'many' (String) is not a number, which INT needs"),
                value("value: an out-of-range INT", "qty", 3_000_000_000L, "table 'orders', column 'qty': value 3000000000 (Long) is out of range for INT"),
                value("value: an out-of-range SHORT", "small", 40_000, "table 'orders', column 'small': value 40000 (Integer) is out of range for SHORT (-32768..32767)"),
                value("value: a DECIMAL beyond its precision", "price", 12345.5,
                        "table 'orders', column 'price': value 12345.5 (Double) does not fit DECIMAL(5,2): it has 5 digits before the decimal point, at most 3 are allowed"),
                value("value: a UTC_DATETIME without an offset", "paid_at", "2024-01-01T10:00:00",
                        "table 'orders', column 'paid_at': value '2024-01-01T10:00:00' (String) is not a UTC_DATETIME: expected YYYY-MM-DDTHH:MM:SS[.ffffff] with an offset"),
                value("value: NaN", "amount", Double.NaN, "table 'orders', column 'amount': value NaN (Double) cannot be stored in DOUBLE: NaN and Infinity are not numbers"),
                value("value: Infinity", "amount", Double.POSITIVE_INFINITY,
                        "table 'orders', column 'amount': value Infinity (Double) cannot be stored in DOUBLE: NaN and Infinity are not numbers"),
                value("value: NaN inside a JSON value", "doc", Map.of("ratio", Double.NaN),
                        "table 'orders', column 'doc': value {ratio=NaN} (Map1) cannot be written as JSON: $.ratio is NaN, which JSON cannot hold"),
                value("value: a 1001-level nested map", "doc", nested(1001), "cannot be written as JSON: it nests deeper than 1000 levels"),
                value("value: a cyclic map", "doc", cyclic(), "cannot be written as JSON: $.next.back refers back to a map or list that contains it (a cycle)"),
                value("value: an unpaired surrogate", "note", "caf\uDC00e",
                        "table 'orders', column 'note': value 'caf\\uDC00e' (String) is not valid text: it holds an unpaired UTF-16 surrogate (U+DC00 at index 3)"),
                value("value: an unpaired surrogate inside JSON", "doc", List.of("ok", "\uD83D"),
                        "cannot be written as JSON: $[1] is not valid text: it holds an unpaired UTF-16 surrogate (U+D83D at index 0)"),
                operation("value: an upsert without its primary key", () -> Operations.upsert("orders", Map.of("qty", 1)),
                        "table 'orders': upsert is missing primary-key column 'id'"),
                operation("value: a null primary key", () -> Operations.upsert("orders", nullKey()), "table 'orders': upsert has a null value for primary-key column 'id'"),

                checkpoint("state: a non-serializable object", Map.of("cursor", new Object()),
                        "checkpoint state cannot be serialized to JSON: $.cursor is a java.lang.Object, not a JSON value"),
                checkpoint("state: a key that is not a string", Map.of(1, "one"), "checkpoint state cannot be serialized to JSON: $ has a key that is not a string: 1 (Integer)"),
                checkpoint("state: NaN", Map.of("ratio", Double.NaN), "checkpoint state cannot be serialized to JSON: $.ratio is NaN, which JSON cannot hold"),
                checkpoint("state: an unpaired surrogate", Map.of("cursor", "\uDFFF"),
                        "checkpoint state cannot be serialized to JSON: $.cursor is not valid text: it holds an unpaired UTF-16 surrogate (U+DFFF at index 0)"),
                checkpoint("state: nested deeper than 64 levels", nested(65), "checkpoint state cannot be serialized to JSON: $.level"),
                operation("state: null", () -> Operations.checkpoint(null), "checkpoint state must be a map that serializes to a JSON object, was null"),
                stateFile("state file: not JSON (truncated)", "{\"at\": 1", "is not valid JSON (line 1, column 9); it was left untouched"),
                stateFile("state file: empty", "", "is empty; it was left untouched"),
                stateFile("state file: not an object", "[1, 2]", "must hold a JSON object, found array; it was left untouched"),

                schema("name: a table name that is not a string", c -> List.of(Table.fromMap(Map.of("table", 5))),
                        "failed while executing schema() error: table name must be a string, was Integer: 5"),
                schema("declaration: a DECIMAL without precision", c -> List.of(Table.fromMap(Map.of("table", "t", "columns", Map.of("amount", "DECIMAL")))),
                        "table 't', column 'amount': DECIMAL needs the form {\"type\": \"DECIMAL\", \"precision\": p, \"scale\": s}"),
                schema("declaration: a table declared twice", c -> List.of(Table.named("t"), Table.named("t")), "Table already defined: t"),
                operation("declaration: a delete on an unknown table", () -> Operations.delete("nowhere", Map.of("id", 1)),
                        "table 'nowhere': delete on a table that was never declared nor written"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedWithOneMessageExit1AndNothingPastTheLastCheckpoint(Refused bad) throws Exception {
        Project project = Project.empty("bad-input");
        Captured first = debug(project, c -> ORDERS, c -> {
            Operations.upsert("orders", Map.of("id", 1, "qty", 1));
            Operations.checkpoint(Map.of("at", 1));
        });
        assertEquals(0, first.exit(), first::toString);
        if (bad.configurationFile() != null) {
            project.write("configuration.json", bad.configurationFile());
        }
        if (bad.stateFile() != null) {
            project.write("files/state.json", bad.stateFile());
        }
        Captured result = debug(project, bad.schema(), c -> {
            // more than a batch of operations, so that the bad one meets a table whose columns are already known, as most rows do
            for (int i = 0; i < 300; i++) {
                Operations.upsert("orders", Map.of("id", 3, "qty", 3));
            }
            bad.operation().accept(c);
        });
        assertEquals(1, result.exit(), result::toString);
        String failed = result.out().lines().filter(line -> line.startsWith("SYNC FAILED")).findFirst().orElse("");
        assertTrue(failed.contains(bad.message()), "expected «" + bad.message() + "» in the SYNC FAILED line of\n" + result);
        assertFalse(result.out().contains(SECRET) || result.err().contains(SECRET), "a configuration value was printed:\n" + result);
        assertEquals(List.of(Map.of("id", 1)), project.query("SELECT id FROM tester.orders"));
        assertEquals(bad.stateFile() != null ? bad.stateFile() : "{\"at\":1}", project.state());
        project.delete();
    }

    /** An input that is not an error, the query that shows how it landed, and that query's rows. */
    record Accepted(String what, Connector.Update update, String query, List<Map<String, Object>> rows) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Accepted> accepted() throws Exception {
        String tenMegabytes = "0123456789".repeat(1_048_576);
        Map<String, Object> deep = nested(100);
        return Stream.of(
                new Accepted("name: reserved words are prefixed with _", (c, s) -> Operations.upsert("order", Map.of("select", 1)),
                        "SELECT _select FROM tester._order", List.of(Map.of("_select", 1))),
                new Accepted("name: Unicode is transliterated, non-Latin letters kept", (c, s) -> Operations.upsert("Café Crème", Map.of("Größe Nr", "L", "名前", "x")),
                        "SELECT grosse_nr, 名前 FROM tester.cafe_creme", List.of(Map.of("grosse_nr", "L", "名前", "x"))),
                new Accepted("name: a table loses its leading underscores", (c, s) -> Operations.upsert("_fivetran_audit", Map.of("id", 1)),
                        "SELECT id FROM tester.fivetran_audit", List.of(Map.of("id", 1))),
                new Accepted("name: two names that normalize to one are merged", (c, s) -> {
                    Operations.upsert("t", Map.of("userData", 1));
                    Operations.upsert("t", Map.of("user_data", 2));
                }, "SELECT string_agg(column_name) AS columns, (SELECT sum(user_data)::BIGINT FROM tester.t) AS total FROM duckdb_columns() "
                        + "WHERE schema_name = 'tester' AND table_name = 't' AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\'",
                        List.of(Map.of("columns", "user_data", "total", 3L))),
                new Accepted("name: 300 characters are kept as written", (c, s) -> Operations.upsert("t".repeat(300), Map.of("c".repeat(300), 1)),
                        "SELECT \"" + "c".repeat(300) + "\" AS c FROM tester.\"" + "t".repeat(300) + "\"", List.of(Map.of("c", 1))),
                new Accepted("value: a 10 MB string round-trips", (c, s) -> Operations.upsert("t", Map.of("id", 1, "text", tenMegabytes)),
                        "SELECT length(text) AS length, md5(text) AS md5 FROM tester.t", List.of(Map.of("length", 10_485_760L, "md5", md5(tenMegabytes)))),
                new Accepted("value: a 100-level nested map round-trips as JSON", (c, s) -> Operations.upsert("t", Map.of("id", 1, "doc", deep)),
                        "SELECT doc::VARCHAR AS doc FROM tester.t", List.of(Map.of("doc", Jackson.MAPPER.writeValueAsString(deep)))),
                new Accepted("value: a null character is kept", (c, s) -> Operations.upsert("t", Map.of("id", 1, "text", "a\u0000b")),
                        "SELECT text, length(text) AS length FROM tester.t", List.of(Map.of("text", "a\u0000b", "length", 3L))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void acceptedAndLandsAsAsserted(Accepted good) {
        Project project = Project.empty("good-input");
        Captured result = Captured.run(() -> new Connector(good.update()).debug(project.dir().toString()));
        assertEquals(0, result.exit(), result::toString);
        assertEquals(good.rows(), project.query(good.query()));
        project.delete();
    }

    private static Captured debug(Project project, Connector.Schema schema, Consumer<Configuration> update) {
        Connector connector = new Connector((configuration, state) -> update.accept(configuration), schema);
        return Captured.run(() -> connector.debug(project.dir().toString()));
    }

    private static Map<String, Object> nested(int levels) {
        Map<String, Object> map = new LinkedHashMap<>(Map.of("leaf", true));
        for (int i = 1; i < levels; i++) {
            map = new LinkedHashMap<>(Map.of("level", map));
        }
        return map;
    }

    private static Map<String, Object> cyclic() {
        Map<String, Object> first = new HashMap<>();
        Map<String, Object> second = new HashMap<>();
        first.put("next", second);
        second.put("back", first);
        return first;
    }

    private static Map<Object, Object> integerKeyedMap() {
        Map<Object, Object> row = new HashMap<>();
        row.put("id", 2);
        row.put(7, "seven");
        return row;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> integerKeyed() {
        return (Map<String, ?>) (Map<?, ?>) integerKeyedMap();
    }

    private static Map<String, ?> nullKey() {
        Map<String, Object> row = new HashMap<>();
        row.put("id", null);
        row.put("qty", 1);
        return row;
    }

    private static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
