package fivetran.connector.sdk.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.HttpException;
import fivetran.connector.sdk.http.auth.Auth;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code example-api} serves the rest-api template's routes too, so that a project made from it syncs offline. */
class ExampleApiTest {
    @Test
    void theRestApiTemplatesItemsAreServedWithItsTokenAndNeverRateLimited() throws Exception {
        try (ExampleApi api = ExampleApi.start()) {
            Http client = Http.builder(api.url()).auth(Auth.bearer(ExampleApi.TOKEN)).retries(0).build();
            int items = 0;
            String cursor = null;
            do {
                Map<String, Object> query = new HashMap<>(Map.of("limit", 10));
                if (cursor != null) {
                    query.put("cursor", cursor);
                }
                JsonNode page = client.get("/v1/items", query);
                items += page.get("items").size();
                cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
            } while (cursor != null);
            assertEquals(DemoApi.ITEMS, items);
            Http stranger = Http.builder(api.url()).auth(Auth.bearer("wrong")).retries(1).build();
            assertEquals(401, assertThrows(HttpException.class, () -> stranger.get("/v1/items", Map.of())).status());
        }
    }
}
