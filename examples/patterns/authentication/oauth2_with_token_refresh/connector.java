///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../connector-sdk.java

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.auth.OAuth2;
import fivetran.connector.sdk.http.paging.Page;
import fivetran.connector.sdk.http.paging.Pages;
import fivetran.connector.sdk.http.paging.Pagination;
import java.util.List;
import java.util.Map;

/**
 * OAuth 2.0 with the refresh-token grant. The API rotates refresh tokens (each one works once): OAuth2 puts the new one
 * in state, the next checkpoint saves it, and the next sync starts from it instead of the one in configuration.
 * Access tokens are renewed when they expire or are refused (the example API revokes them after three requests).
 */
class connector {
    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("item").primaryKey("id").column("id", DataType.LONG).column("updated_at", DataType.UTC_DATETIME));
    }

    static void update(Configuration configuration, State state) {
        String baseUrl = configuration.require("base_url");
        OAuth2 oauth = OAuth2.refreshToken(baseUrl + "/oauth/token", configuration.require("client_id"),
                configuration.require("client_secret"), configuration.require("refresh_token"), state);
        Http api = Http.builder(baseUrl).auth(oauth).build();
        Pages pages = Pages.of(api, "/oauth/items", Map.of("per_page", 5), "/items", Pagination.pageNumber("page", "per_page"));
        for (Page page : pages) {
            page.items().forEach(item -> Operations.upsert("item", item));
            Operations.checkpoint(state);
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
