package fivetran.connector.sdk.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Set;

/**
 * Maps JSON to Java records (or beans) with Jackson, leniently as API responses need: fields the type does not
 * declare are ignored, names match case-insensitively, ISO dates and times become {@code java.time} values. Rename
 * a field with {@code @JsonProperty("updated_at") Instant updatedAt}. The result can be upserted as is:
 * {@code Operations.upsert("items", Json.as(node, Item.class))}.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .build();

    private Json() {
    }

    /** {@code node} as a {@code type}; null for a null or missing node. */
    public static <T> T as(JsonNode node, Class<T> type) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot map JSON to " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * A record with its nested objects flattened into columns, their names joined by {@code separator}:
     * {@code {"id": 1, "vehicle": {"id": 7, "name": "Van"}}} becomes {@code {"id": 1, "vehicle_id": 7, "vehicle_name": "Van"}}
     * with {@code "_"}. Arrays, empty objects and the fields named in {@code keepWhole} (by their flattened name) stay
     * one JSON value each. A null or non-object record gives an empty row.
     */
    public static ObjectNode flatten(JsonNode record, String separator, Set<String> keepWhole) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        if (record != null && record.isObject()) {
            flatten("", record, separator, keepWhole, row);
        }
        return row;
    }

    /** {@link #flatten(JsonNode, String, Set)} with every nested object flattened. */
    public static ObjectNode flatten(JsonNode record, String separator) {
        return flatten(record, separator, Set.of());
    }

    private static void flatten(String prefix, JsonNode node, String separator, Set<String> keepWhole, ObjectNode row) {
        node.properties().forEach(field -> {
            String name = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject() && !value.isEmpty() && !keepWhole.contains(name)) {
                flatten(name + separator, value, separator, keepWhole, row);
            } else {
                row.set(name, value);
            }
        });
    }
}
