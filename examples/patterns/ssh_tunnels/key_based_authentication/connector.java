///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../connector-sdk.java
//DEPS ../../../../lib/ssh.java

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.auth.Auth;
import fivetran.connector.sdk.ssh.SshTunnel;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An HTTP API that only an SSH server reaches (it listens on that server's loopback interface): a local port is
 * forwarded through the SSH server, logging in with a private key, and the API is called at 127.0.0.1 on that port.
 * The users are read in updatedAt order, a page at a time, each page asking for the users updated since the last one
 * read; the cursor is saved in state and checkpointed after every page.
 */
class connector {
    static final String CURSOR = "last_updated_at";

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("user").primaryKey("id")
                .column("id", DataType.STRING)
                .column("createdAt", DataType.UTC_DATETIME)
                .column("updatedAt", DataType.UTC_DATETIME));
    }

    static void update(Configuration configuration, State state) {
        String apiHost = configuration.get("remote_host", "127.0.0.1"); // as the SSH server sees it: its own loopback
        int apiPort = configuration.getInt("remote_port", 5005);
        try (SshTunnel tunnel = SshTunnel.to(apiHost, apiPort).fromConfiguration(configuration, "ssh_").open()) {
            Http api = Http.builder("http://127.0.0.1:" + tunnel.localPort())
                    .auth(Auth.apiKeyHeader("Authorization", "apiKey " + configuration.require("api_key")))
                    .build();
            syncUsers(api, configuration.getInt("page_size", 100), state);
        }
    }

    /**
     * Pages by the cursor: each request asks for the users with updatedAt at or after the newest one read so far,
     * oldest first. The user at the boundary is read again (an idempotent upsert), so none is skipped, even when
     * several share one timestamp across a page break. A full page that brings nothing newer ends the sync: the API
     * ignored the parameters, or more than page_size users share one updatedAt.
     */
    static void syncUsers(Http api, int pageSize, State state) {
        String cursor = state.getString(CURSOR, null);
        long read = 0;
        while (true) {
            Map<String, Object> query = new LinkedHashMap<>(Map.of("order_by", "updatedAt", "order_type", "asc", "per_page", pageSize));
            if (cursor != null) {
                query.put("updated_since", cursor);
            }
            JsonNode users = api.get("/auth/api_key", query).path("data");
            if (!users.isArray()) {
                throw new IllegalStateException("GET /auth/api_key: the response has no \"data\" array of users");
            }
            String newest = cursor;
            for (JsonNode user : users) {
                Operations.upsert("user", user);
                String updatedAt = user.path("updatedAt").asText("");
                if (!updatedAt.isEmpty() && (newest == null || instant(updatedAt).isAfter(instant(newest)))) {
                    newest = updatedAt;
                }
            }
            read += users.size();
            boolean advanced = newest != null && !newest.equals(cursor);
            cursor = newest;
            if (cursor != null) {
                state.put(CURSOR, cursor);
            }
            Operations.checkpoint(state);
            if (users.size() < pageSize) {
                break;
            }
            if (!advanced) {
                Logging.warning("user: a full page held no user updated after " + cursor + ", so the sync stops here: the API"
                        + " ignores updated_since, or more than page_size (" + pageSize + ") users share one updatedAt");
                break;
            }
        }
        Logging.info("user: " + read + " users read, cursor " + cursor);
    }

    private static Instant instant(String timestamp) {
        return OffsetDateTime.parse(timestamp).toInstant();
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
