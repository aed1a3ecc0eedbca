///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../connector-sdk.java

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.auth.Auth;
import fivetran.connector.sdk.http.paging.Page;
import fivetran.connector.sdk.http.paging.Pages;
import fivetran.connector.sdk.http.paging.Pagination;
import java.util.List;
import java.util.Map;

/**
 * A session token from a login call: Auth.session logs in at the first request and again whenever the API answers
 * 401 (the example API expires a session after two requests), then repeats the request.
 */
class connector {
    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("item").primaryKey("id").column("id", DataType.LONG).column("updated_at", DataType.UTC_DATETIME));
    }

    static void update(Configuration configuration, State state) {
        String baseUrl = configuration.require("base_url");
        Http login = Http.builder(baseUrl).build();
        Map<String, String> credentials = Map.of("username", configuration.require("username"),
                "password", configuration.require("password"));
        Http api = Http.builder(baseUrl)
                .auth(Auth.session(() -> login.post("/session/login", credentials).get("token").asText()))
                .build();
        Pages pages = Pages.of(api, "/session/items", Map.of("per_page", 5), "/items", Pagination.pageNumber("page", "per_page"));
        for (Page page : pages) {
            page.items().forEach(item -> Operations.upsert("item", item));
            Operations.checkpoint(state);
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
