package fivetran.connector.sdk.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

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
}
