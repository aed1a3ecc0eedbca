///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../connector-sdk.java

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.auth.Auth;
import java.util.List;

/**
 * An API key in a request header, read from configuration. For a key in the query string instead, use
 * Auth.apiKeyQuery("api_key", key): the key is then left out of every error message and log line.
 */
class connector {
    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("item").primaryKey("id").column("id", DataType.LONG).column("updated_at", DataType.UTC_DATETIME));
    }

    static void update(Configuration configuration, State state) {
        Http api = Http.builder(configuration.require("base_url"))
                .auth(Auth.apiKeyHeader("X-API-Key", configuration.require("api_key")))
                .build();
        for (JsonNode item : api.get("/api-key/items").get("items")) {
            Operations.upsert("item", item);
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
