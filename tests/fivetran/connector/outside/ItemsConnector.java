package fivetran.connector.outside;

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.auth.Auth;
import java.util.Map;

/** A connector of a JSON API, as a user writes one: the items updated after the cursor in state, then the new cursor. */
public final class ItemsConnector {
    private ItemsConnector() {
    }

    public static void update(Configuration configuration, State state) {
        Http api = Http.builder(configuration.require("base_url")).auth(Auth.apiKeyHeader("X-API-Key", configuration.require("api_key")))
                .retries(0).build();
        long cursor = state.getLong("cursor", 0);
        for (JsonNode item : api.get("/v1/items", Map.of("after", cursor)).get("items")) {
            Operations.upsert("items", item);
            cursor = item.get("id").asLong();
        }
        state.put("cursor", cursor);
        Operations.checkpoint(state);
    }
}
