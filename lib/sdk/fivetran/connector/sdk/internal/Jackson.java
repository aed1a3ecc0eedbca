package fivetran.connector.sdk.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The SDK's JSON mapper, one configuration for every layer: java.time values as ISO text, nesting limited by
 * Jackson's constraints, nothing after the document. Internal to the SDK.
 */
public final class Jackson {
    /** For state, configuration, JSON columns and every document the SDK reads or writes. */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)   // a second document is refused, never dropped
            .build();

    /** {@link #MAPPER} made lenient for API responses: unknown fields ignored, names matched case-insensitively. */
    public static final ObjectMapper LENIENT = MAPPER.rebuild()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .build();

    private Jackson() {
    }
}
