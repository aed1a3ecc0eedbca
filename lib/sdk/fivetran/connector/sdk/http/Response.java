package fivetran.connector.sdk.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;
import java.util.Optional;

/**
 * A successful response: its status, headers and JSON body (null when the body was empty).
 *
 * @see Http#send(String, String, java.util.Map, Object)
 */
public record Response(int status, HttpHeaders headers, JsonNode body) {
    /** The first value of a header, names compared case-insensitively. */
    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** The body mapped to {@code type} (see {@link Json#as}). */
    public <T> T as(Class<T> type) {
        return Json.as(body, type);
    }
}
