package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testing.Project;
import fivetran.connector.sdk.testkit.TestSync;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Schema changes between and within syncs never need a reset. */
class SchemaEvolutionTest {
    private static Map<String, Object> types(Project project, String table) {
        Map<String, Object> types = new java.util.LinkedHashMap<>();
        project.query("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = '" + table + "' ORDER BY column_index")
                .forEach(row -> types.put((String) row.get("column_name"), row.get("data_type")));
        return types;
    }

    @Test
    void aNewColumnIsAddedWhenItFirstHoldsAValue() {
        Project project = Project.scripted("new-column").schema("[{\"table\": \"t\", \"primary_key\": [\"id\"]}]", """
                [{"op": "upsert", "table": "t", "data": {"id": 1, "a": "x", "b": null}}]""");
        assertEquals(0, project.debug().exit());
        assertEquals(List.of("id", "a", "_fivetran_synced", "_fivetran_deleted"), List.copyOf(types(project, "t").keySet()));
        project.script("""
                [{"op": "upsert", "table": "t", "data": {"id": 2, "a": "y", "b": true}}]""", "schema", project.file("schema.json").toString());
        Project.Result second = project.debug();
        assertEquals(0, second.exit(), second::toString);
        assertEquals("BOOLEAN", types(project, "t").get("b"));
        assertEquals(List.of(Map.of("id", 1, "a", "x"), Map.of("id", 2, "a", "y", "b", true)),
                OperationSemanticsTest.withoutNulls(project.query("SELECT id, a, b FROM tester.t ORDER BY id")));
        assertTrue(second.out().matches("(?s).*Schema changes +\\| 1\n.*"), second::toString);
    }

    @Test
    void everySchemaChangeCountedInTheSummaryHasItsOwnLogLine() {
        Project project = Project.scripted("counted").schema(
                "[{\"table\": \"t\", \"primary_key\": [\"id\"], \"columns\": {\"id\": \"LONG\"}}]", """
                [{"op": "upsert", "table": "t", "data": {"id": 1, "name": "a", "n": 1}},
                 {"op": "checkpoint", "state": {}},
                 {"op": "upsert", "table": "t", "data": {"id": 2, "name": "b", "n": 2.5}},
                 {"op": "upsert", "table": "u", "data": {"k": 1}}]""");
        Project.Result result = project.debug();
        assertEquals(0, result.exit(), result::toString);
        assertEquals(List.of("tester.t: table created", "tester.t: column name added (STRING)", "tester.t: column n added (INT)",
                        "tester.t: column n widened from INT to DOUBLE", "tester.u: table created"),
                result.err().lines().filter(l -> l.contains("schema change detected: "))
                        .map(l -> l.substring(l.indexOf("schema change detected: ") + 24)).toList());
        assertTrue(result.out().matches("(?s).*Schema changes +\\| 5\n.*"), result::toString);
    }

    @Test
    void rowsCalledBeforeAColumnChangesLandInTheChangedTable() {
        // once a table's columns are known, rows are resolved as they are called, and applied later in batches: a row
        // that widens or adds a column changes the table under rows that were resolved before it was applied
        Project project = Project.scripted("changed-under").schema("[{\"table\": \"t\", \"primary_key\": [\"id\"]}]", """
                [{"op": "upsert", "table": "t", "data": {"id": 1, "a": 1}},
                 {"op": "checkpoint", "state": {}},
                 {"op": "upsert", "table": "t", "data": {"id": 2, "a": 2}},
                 {"op": "upsert", "table": "t", "data": {"id": 3, "a": "x", "b": true}},
                 {"op": "upsert", "table": "t", "data": {"id": 4, "a": 4}},
                 {"op": "update", "table": "t", "data": {"id": 1, "a": 5}}]""");
        Project.Result result = project.debug();
        assertEquals(0, result.exit(), result::toString);
        assertEquals("VARCHAR", types(project, "t").get("a"));
        assertEquals(List.of(Map.of("id", 1, "a", "5"), Map.of("id", 2, "a", "2"), Map.of("id", 3, "a", "x", "b", true), Map.of("id", 4, "a", "4")),
                OperationSemanticsTest.withoutNulls(project.query("SELECT id, a, b FROM tester.t ORDER BY id")));
    }

    @Test
    void inferredDecimalsWithMoreDecimalsLaterAreKeptExactly() {
        Connector decimals = new Connector((configuration, state) -> {
            Operations.upsert("t", Map.of("k", 1, "v", new BigDecimal("7")));
            Operations.checkpoint(state);
            Operations.upsert("t", Map.of("k", 2, "v", new BigDecimal("12.50")));
            Operations.upsert("t", Map.of("k", 3, "v", new BigDecimal("0.125")));
        });
        try (TestSync sync = TestSync.of(decimals)) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertEquals(List.of(new BigDecimal("7.000"), new BigDecimal("12.500"), new BigDecimal("0.125")),
                    sync.rows("SELECT v FROM t ORDER BY k").stream().map(row -> row.get("v")).toList());
            assertEquals("DECIMAL(38,3)", sync.value("SELECT data_type FROM information_schema.columns WHERE table_name = 't' AND column_name = 'v'"));
        }
    }

    @Test
    void anInferredTypeWidensAcrossSyncsAndKeepsEarlierValues() {
        Project project = Project.scripted("widen").script("""
                [{"op": "upsert", "table": "t", "data": {"k": 1, "v": 7}}]""");
        assertEquals(0, project.debug().exit());
        assertEquals("INTEGER", types(project, "t").get("v"));
        project.script("""
                [{"op": "upsert", "table": "t", "data": {"k": 2, "v": 2.5}}]""");
        assertEquals(0, project.debug().exit());
        assertEquals("DOUBLE", types(project, "t").get("v"));
        project.script("""
                [{"op": "upsert", "table": "t", "data": {"k": 3, "v": "text"}},
                 {"op": "upsert", "table": "t", "data": {"k": 4, "v": 4}}]""");
        Project.Result third = project.debug();
        assertEquals(0, third.exit(), third::toString);
        assertEquals("VARCHAR", types(project, "t").get("v"));
        assertEquals(List.of("7.0", "2.5", "text", "4"),
                project.query("SELECT v FROM tester.t ORDER BY k").stream().map(r -> r.get("v")).toList());
    }

    @Test
    void aDeclaredTypeChangeAltersTheColumn() {
        Project project = Project.scripted("declared-change").schema(
                "[{\"table\": \"t\", \"primary_key\": [\"id\"], \"columns\": {\"id\": \"INT\", \"amount\": \"FLOAT\"}}]", """
                [{"op": "upsert", "table": "t", "data": {"id": 1, "amount": 1.25}}]""");
        assertEquals(0, project.debug().exit());
        project.schema("[{\"table\": \"t\", \"primary_key\": [\"id\"], \"columns\": {\"id\": \"LONG\", "
                + "\"amount\": {\"type\": \"decimal\", \"precision\": 12, \"scale\": 3}}}]", """
                [{"op": "upsert", "table": "t", "data": {"id": 2, "amount": "2.5"}}]""");
        Project.Result second = project.debug();
        assertEquals(0, second.exit(), second::toString);
        assertEquals(Map.of("id", "BIGINT", "amount", "DECIMAL(12,3)", "_fivetran_synced", "TIMESTAMP WITH TIME ZONE",
                "_fivetran_deleted", "BOOLEAN"), types(project, "t"));
        assertEquals(List.of(new java.math.BigDecimal("1.250"), new java.math.BigDecimal("2.500")),
                project.query("SELECT amount FROM tester.t ORDER BY id").stream().map(r -> r.get("amount")).toList());
    }

    @Test
    void declaringAPrimaryKeyLaterRebuildsTheTableKeepingTheNewestRowPerKey() {
        Project project = Project.scripted("key-change").script("""
                [{"op": "upsert", "table": "t", "data": {"id": 1, "v": "first"}},
                 {"op": "checkpoint", "state": {}},
                 {"op": "upsert", "table": "t", "data": {"id": 1, "v": "second"}},
                 {"op": "upsert", "table": "t", "data": {"id": 2, "v": "other"}}]""");
        assertEquals(0, project.debug().exit());
        assertEquals(3L, project.value("SELECT count(*) FROM tester.t"));
        project.schema("[{\"table\": \"t\", \"primary_key\": [\"id\"]}]", """
                [{"op": "update", "table": "t", "data": {"id": 2, "v": "updated by key"}}]""");
        Project.Result second = project.debug();
        assertEquals(0, second.exit(), second::toString);
        assertTrue(second.err().contains("primary key changes from none (_fivetran_id) to [id]"), second::toString);
        assertEquals(List.of(Map.of("id", 1, "v", "second"), Map.of("id", 2, "v", "updated by key")),
                project.query("SELECT id, v FROM tester.t ORDER BY id"));
        assertEquals(List.of("id", "v", "_fivetran_synced", "_fivetran_deleted"), List.copyOf(types(project, "t").keySet()));
    }

    @Test
    void namesAreNormalizedReservedWordsPrefixedAndCollidingNamesMerged() {
        Project project = Project.scripted("naming").script("""
                [{"op": "upsert", "table": "Order Items", "data": {"userData": 1, "Order ID": "a", "select": true}},
                 {"op": "upsert", "table": "order-items", "data": {"user-data": 2, "Order ID": "b"}},
                 {"op": "upsert", "table": "order", "data": {"Café Crème": "x"}}]""");
        Project.Result result = project.debug();
        assertEquals(0, result.exit(), result::toString);
        assertEquals(List.of(Map.of("user_data", 1, "order_id", "a", "_select", true), Map.of("user_data", 2, "order_id", "b")),
                OperationSemanticsTest.withoutNulls(project.query("SELECT user_data, order_id, _select FROM tester.order_items ORDER BY user_data")));
        assertEquals("x", project.value("SELECT cafe_creme FROM tester._order"));
        assertTrue(result.err().contains("tables 'Order Items' and 'order-items' both become 'order_items'"), result::toString);
        assertTrue(result.err().contains("columns 'userData' and 'user-data' both become 'user_data'"), result::toString);
    }

    @Test
    void sourceNamingKeepsNamesAsWritten() {
        Project project = Project.scripted("source-naming").script("""
                [{"op": "upsert", "table": "OrderItems", "data": {"userData": 1, "order": "o"}}]""");
        Project.Result result = project.debug("--naming", "source");
        assertEquals(0, result.exit(), result::toString);
        assertEquals(List.of(Map.of("userData", 1, "order", "o")), project.query("SELECT \"userData\", \"order\" FROM tester.\"OrderItems\""));
    }
}
