import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.http.HttpException;
import fivetran.connector.sdk.util.Hashing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One NPS endpoint as one table. A subclass gives the endpoint's path, its table and the row of a record; this class
 * syncs it. The NPS API has no "changed since" filter, so every sync reads the endpoint whole and compares each row's
 * hash with the one kept in state for its key: only new and changed rows are written, and keys no longer listed are
 * deleted. The table's rows and its hashes are checkpointed together.
 */
abstract class NpsTable {
    /** The endpoint, e.g. {@code parks}; also the table's name. */
    abstract String path();

    /** The table's primary key column, which {@link #row} fills from the record's {@code id}. */
    abstract String key();

    /** The declared columns. */
    abstract Table table();

    /** The row of one record. */
    abstract Map<String, Object> row(JsonNode record);

    void sync(NpsClient nps, State state) {
        @SuppressWarnings("unchecked")
        Map<String, String> previous = state.get(path()) instanceof Map<?, ?> hashes ? (Map<String, String>) hashes : Map.of();
        Map<String, String> current = new LinkedHashMap<>();
        long written = 0;
        try {
            for (JsonNode record : nps.records(path())) {
                Map<String, Object> row = row(record);
                String id = (String) row.get(key());
                // 16 hex digits (64 bits) per key keep the state small; a collision would only skip one update
                String hash = Hashing.sha256(row).substring(0, 16);
                current.put(id, hash);
                if (!hash.equals(previous.get(id))) {
                    Operations.upsert(path(), row);
                    written++;
                }
            }
        } catch (HttpException e) {
            throw NpsClient.refused(e);
        }
        List<String> gone = new ArrayList<>();
        for (String id : previous.keySet()) {
            if (!current.containsKey(id)) {
                Operations.delete(path(), Map.of(key(), id));
                gone.add(id);
            }
        }
        state.put(path(), new HashMap<>(current));
        Operations.checkpoint(state);
        Logging.info("oop_example: " + path() + ", " + current.size() + " records, " + written + " new or changed, " + gone.size() + " deleted");
    }

    /** The text of a field, or null when it is absent, null or empty (NPS sends empty strings for unknown values). */
    static String text(JsonNode record, String field) {
        JsonNode value = record.path(field);
        return value.isValueNode() && !value.isNull() && !value.asText().isEmpty() ? value.asText() : null;
    }

    /** A field of each element of an array field, e.g. the park codes of relatedParks. */
    static List<String> each(JsonNode record, String array, String field) {
        List<String> values = new ArrayList<>();
        record.path(array).forEach(element -> {
            String value = text(element, field);
            if (value != null) {
                values.add(value);
            }
        });
        return values;
    }
}
