///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.HttpException;
import fivetran.connector.sdk.http.RetryPolicy;
import fivetran.connector.sdk.http.auth.Auth;
import fivetran.connector.sdk.http.paging.Page;
import fivetran.connector.sdk.http.paging.Pages;
import fivetran.connector.sdk.http.paging.PageRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Users of an API that authenticates with a session token from a login call. A token obtained during a sync is written
 * back into the connection's own configuration (key {@code token}) with the Fivetran REST API, {@code PATCH
 * /v1/connections/{id}}, so that the next sync starts with it and logs in only once it is older than
 * {@code token_lifetime_seconds} (or refused with a 401).
 */
class connector {
    static final String FIVETRAN_API = "https://api.fivetran.com";
    static final String TABLE = "user";

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named(TABLE).primaryKey("id")
                .column("id", DataType.STRING)
                .column("name", DataType.STRING)
                .column("createdAt", DataType.UTC_DATETIME)
                .column("updatedAt", DataType.UTC_DATETIME));
    }

    static void update(Configuration configuration, State state) {
        String baseUrl = configuration.require("base_url");
        String username = configuration.require("username");
        String password = configuration.require("password");
        String fivetranApiKey = configuration.require("fivetran_api_key");
        long lifetime = configuration.getLong("token_lifetime_seconds", 3600);
        int perPage = configuration.getInt("per_page", 50);
        // Fivetran sets FIVETRAN_CONNECTION_ID in the connector's environment; while debugging, give it in the configuration
        String connectionId = configuration.get("fivetran_connection_id", System.getenv("FIVETRAN_CONNECTION_ID"));

        Http login = Http.builder(baseUrl).build();
        // PATCH replaces the configuration with the same content each time: safe to repeat after a 5xx
        Http fivetran = Http.builder(FIVETRAN_API).auth(Auth.apiKeyHeader("Authorization", "Basic " + fivetranApiKey))
                .header("Accept", "application/json;version=2")   // the REST API's version 2 answers, as upstream asks
                .retryPolicy(RetryPolicy.builder().idempotent("PATCH").build()).build();

        String savedToken = configuration.get("token", null);
        Instant refreshed = Instant.parse(state.getString("last_token_refresh_time", "1970-01-01T00:00:00Z"));
        boolean fresh = savedToken != null && Instant.now().isBefore(refreshed.plusSeconds(lifetime));
        AtomicBoolean reuseSaved = new AtomicBoolean(fresh);
        Logging.info(fresh ? "the session token of the configuration is less than " + lifetime + " s old: using it"
                : "no session token younger than " + lifetime + " s in the configuration: logging in");
        Auth session = Auth.session(() -> {
            if (reuseSaved.getAndSet(false)) {
                return savedToken;
            }
            String token = logIn(login, username, password);
            state.put("last_token_refresh_time", Instant.now().toString());
            save(fivetran, connectionId, configuration, token);
            return token;
        }, "Authorization", "Token ");
        Http api = Http.builder(baseUrl).auth(session).build();

        String cursor = state.getString("last_updated_at", "1970-01-01T00:00:00Z");
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("order_by", "updatedAt");
        query.put("order_type", "asc");
        query.put("updated_since", cursor);
        query.put("per_page", perPage);
        query.put("page", 1);
        long users = 0;
        for (Page page : Pages.of(api, "data", query, "/data", connector::nextPage)) {
            for (JsonNode user : page.items()) {
                Operations.upsert(TABLE, user);
            }
            users += page.items().size();
            if (page.last() != null) {
                state.put("last_updated_at", page.last().path("updatedAt").asText(cursor));
            }
            Operations.checkpoint(state);
        }
        Logging.info(users + " users updated since " + cursor);
    }

    /** Page numbers as the playground's paginated endpoints give them: stops at a short or empty page, or at {@code total_pages}. */
    static PageRequest nextPage(Page page) {
        long number = Long.parseLong(String.valueOf(page.request().query().get("page")));
        long size = Long.parseLong(String.valueOf(page.request().query().get("per_page")));
        JsonNode totalPages = page.body().path("total_pages");
        if (page.items().size() < size || totalPages.isNumber() && number >= totalPages.asLong()) {
            return null;
        }
        return page.request().with("page", number + 1);
    }

    private static String logIn(Http login, String username, String password) {
        JsonNode answer;
        try {
            answer = login.post("login", Map.of("username", username, "password", password));
        } catch (HttpException e) {
            if (e.status() == 401 || e.status() == 403) {
                throw new IllegalStateException("the login refused the credentials of configuration 'username' and 'password': " + e.getMessage(), e);
            }
            throw e;
        }
        String token = answer == null ? "" : answer.path("token").asText("");
        if (token.isEmpty()) {
            throw new IllegalStateException("the login answered without a token");
        }
        Logging.info("logged in: a new session token");
        return token;
    }

    /**
     * Writes the new token into the connection's configuration: {@code PATCH /v1/connections/{id}} with
     * {@code config.secrets_list}, which replaces the whole configuration, so every key is sent, {@code token} with the
     * new value. Nothing of it is logged.
     */
    private static void save(Http fivetran, String connectionId, Configuration configuration, String token) {
        if (connectionId == null || connectionId.isBlank()) {
            Logging.warning("the new session token is not saved: no connection id (FIVETRAN_CONNECTION_ID, or fivetran_connection_id"
                    + " in the configuration); the next sync logs in again");
            return;
        }
        try {
            fivetran.patch("/v1/connections/" + connectionId, Map.of("config", Map.of("secrets_list", secretsList(configuration, token))));
        } catch (HttpException e) {
            String why = e.status() == 401 || e.status() == 403 ? "the Fivetran REST API refused configuration 'fivetran_api_key'"
                    : e.status() == 404 ? "the Fivetran REST API knows no connection " + connectionId : "the Fivetran REST API failed";
            throw new IllegalStateException("cannot save the new session token in the connection's configuration: " + why + ": " + e.getMessage(), e);
        }
        Logging.info("the new session token is saved in the configuration of connection " + connectionId);
    }

    /** Every configuration entry as {@code {"key", "value"}}, sorted by key, with {@code token} set to the new one. */
    static List<Map<String, String>> secretsList(Configuration configuration, String token) {
        Map<String, String> entries = new TreeMap<>(configuration);
        entries.put("token", token);
        List<Map<String, String>> list = new ArrayList<>();
        entries.forEach((key, value) -> list.add(Map.of("key", key, "value", value)));
        return list;
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
