package fivetran.connector.sdk.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.internal.Jackson;
import fivetran.connector.sdk.testing.Project;
import fivetran.connector.sdk.warehouse.InvalidInputException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A value (any Java type the SDK maps, nested maps, lists and records, text of any code points, huge and tiny numbers) written
 * after a checkpoint into a column declared of any type, into an undeclared column (its type inferred), or as the next
 * checkpoint's state: the sync succeeds, the row is there (text, integers and booleans as written) or the state file holds
 * the state's JSON; or it fails with an InvalidInputException naming table and column, and the warehouse and state.json
 * are those of the checkpoint before.
 */
class ValuesFuzzTest {
    private static final Map<String, Object> CHECKPOINTED = Map.of("at", 0);

    enum Into { DECLARED_COLUMN, INFERRED_COLUMN, CHECKPOINT_STATE }

    @FuzzTest
    void landsAsWrittenOrIsRefusedAtTheLastCheckpoint(FuzzedDataProvider data) throws Exception {
        Into into = data.pickValue(Into.values());
        Table table = Table.named("t").primaryKey("id").column("id", DataType.INT);
        DataType type = into == Into.DECLARED_COLUMN ? data.pickValue(DataType.values()) : null;
        if (type != null) {
            int precision = data.consumeInt(1, 38);
            table = type == DataType.DECIMAL ? table.decimal("v", precision, data.consumeInt(0, precision)) : table.column("v", type);
        }
        Object value = FuzzedValues.value(data);
        List<Table> tables = List.of(table);
        Connector connector = new Connector((configuration, state) -> {
            Operations.upsert("t", Map.of("id", 0));
            Operations.checkpoint(CHECKPOINTED);
            if (into == Into.CHECKPOINT_STATE) {
                Operations.checkpoint(Map.of("v", value == null ? "null" : value));
            } else {
                Map<String, Object> row = new HashMap<>();
                row.put("id", 1);
                row.put("v", value);
                Operations.upsert("t", row);
            }
        }, configuration -> tables);
        Project project = Project.empty("fuzz-values");
        try {
            Fuzzing.Sync sync = Fuzzing.sync(project, connector);
            if (!sync.succeeded()) {
                sync.assertRefused(List.of(InvalidInputException.class), "failed while executing update() error: ");
                assertEquals(List.of(Map.of("id", 0)), project.query("SELECT id FROM tester.t"), "a row past the last checkpoint");
                assertEquals(Jackson.MAPPER.writeValueAsString(CHECKPOINTED), project.state());
            } else if (into == Into.CHECKPOINT_STATE) {
                String written = Jackson.MAPPER.writeValueAsString(Map.of("v", value == null ? "null" : value));
                assertEquals(Jackson.MAPPER.readTree(written), Jackson.MAPPER.readTree(project.state()), "the state did not round-trip");
            } else {
                // a column that only ever received null has no type, so it is not created: select every column
                List<Map<String, Object>> rows = project.query("SELECT * FROM tester.t WHERE id = 1");
                assertEquals(1, rows.size(), "the row is missing");
                boolean asWritten = type == null || type == DataType.STRING && value instanceof String;
                if (asWritten && (value instanceof String || value instanceof Boolean || value instanceof Long || value instanceof Integer)) {
                    assertEquals(value.toString(), String.valueOf(rows.get(0).get("v")), "the value did not round-trip");
                }
            }
        } finally {
            project.delete();
        }
    }
}
