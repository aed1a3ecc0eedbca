package fivetran.connector.sdk.http.paging;

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.http.Json;
import fivetran.connector.sdk.http.Response;
import java.util.List;

/** One page: the request that fetched it, the response (body and headers), and the records it holds. */
public record Page(PageRequest request, Response response, List<JsonNode> items) {
    /** The JSON body. */
    public JsonNode body() {
        return response.body();
    }

    /** The records mapped to {@code type} (see {@link Json#as}). */
    public <T> List<T> items(Class<T> type) {
        return items.stream().map(item -> Json.as(item, type)).toList();
    }

    /** The last record, e.g. for a keyset or an incremental cursor; null on an empty page. */
    public JsonNode last() {
        return items.isEmpty() ? null : items.get(items.size() - 1);
    }
}
