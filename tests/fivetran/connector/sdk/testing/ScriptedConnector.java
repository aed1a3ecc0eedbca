package fivetran.connector.sdk.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A connector driven by a JSON script, so that tests share one connector: in-process ({@link Project#debug}) and
 * through JBang ({@code tests/connectors/scripted.java}). configuration.json: {@code {"script": "<path>",
 * "schema": "<path of a JSON list of tables in the Python form>", "run": "<a tag the generate step writes into every row>"}}.
 */
public final class ScriptedConnector {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScriptedConnector() {
    }

    @SuppressWarnings("unchecked")
    public static List<Table> schema(Configuration configuration) throws Exception {
        List<Table> tables = new ArrayList<>();
        if (configuration.containsKey("schema_error")) {
            throw new IllegalStateException(configuration.get("schema_error"));
        }
        if (configuration.containsKey("schema")) {
            for (Map<String, Object> table : (List<Map<String, Object>>) JSON.readValue(Path.of(configuration.get("schema")).toFile(), List.class)) {
                tables.add(Table.fromMap(table));
            }
        }
        return tables;
    }

    @SuppressWarnings("unchecked")
    public static void update(Configuration configuration, State state) throws Exception {
        Logging.info("state at start: " + JSON.writeValueAsString(state));
        List<Map<String, Object>> steps = JSON.readValue(Path.of(configuration.require("script")).toFile(), List.class);
        for (Map<String, Object> step : steps) {
            String table = (String) step.get("table");
            Map<String, Object> data = (Map<String, Object>) step.get("data");
            switch ((String) step.get("op")) {
                case "upsert" -> Operations.upsert(table, data);
                case "update" -> Operations.update(table, data);
                case "delete" -> Operations.delete(table, data);
                case "truncate" -> Operations.truncate(table);
                case "checkpoint" -> Operations.checkpoint((Map<String, Object>) step.get("state"));
                case "log" -> Logging.warning((String) step.get("message"));
                case "fail" -> throw new IllegalStateException((String) step.get("message"));
                case "generate" -> generate(configuration, state, step);
                default -> throw new IllegalArgumentException("unknown step " + step);
            }
        }
    }

    /**
     * Writes rows from state's cursor on, tagged with the run, checkpointing every few rows: into {@code "table"}, or each
     * row into every table of {@code "tables"}, so that a checkpoint commits several tables.
     */
    @SuppressWarnings("unchecked")
    static void generate(Configuration configuration, State state, Map<String, Object> step) throws Exception {
        List<String> tables = step.containsKey("tables") ? (List<String>) step.get("tables") : List.of((String) step.get("table"));
        long total = ((Number) step.get("rows")).longValue();
        long every = ((Number) step.get("checkpoint_every")).longValue();
        long pauseMillis = ((Number) step.getOrDefault("pause_ms", 0)).longValue();
        for (long row = state.getLong("next", 0); row < total; row++) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("row", row);
            data.put("run", configuration.get("run", "none"));
            data.put("payload", "value " + row);
            for (String table : tables) {
                Operations.upsert(table, data);
            }
            if ((row + 1) % every == 0) {
                state.put("next", row + 1);
                Operations.checkpoint(state);
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                }
            }
        }
    }
}
