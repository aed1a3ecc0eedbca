///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../connector-sdk.java
//SOURCES ../VaultObjects.java

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.auth.Auth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every record of the objects of a Veeva Vault, one table per object, with a Vault session: a session id from
 * {@code POST /api/{version}/auth} (username and password), sent as the {@code Authorization} header, obtained again
 * when Vault says it expired ({@code INVALID_SESSION_ID}), and ended with {@code DELETE /api/{version}/session} when the
 * sync is done. The session of {@code schema()} is reused by {@code update()}. The listing of the objects, their VQL
 * queries and paging, the cursors and the types are those of ../VaultObjects.java, which the basic example shares: the
 * objects and their fields from Retrieve Details from All Object Types
 * ({@code GET /api/{version}/configuration/Objecttype}), then per object a VQL query ({@code POST /api/{version}/query})
 * and its {@code next_page} links. An object with {@code modified_date__v} is synced incrementally, in that field's
 * order, with a checkpoint after each page.
 */
class connector {
    /** Upstream's API version. */
    static final String API_VERSION = "v24.2";

    /** The session of this sync: logged in by schema() (or update()), ended by update(). */
    private static Session session;

    /** A Vault session: its id, sent as it is in the Authorization header, obtained at the first request and after an expiry. */
    static final class Session {
        final Auth auth;
        final Map<String, String> configuration;
        volatile boolean started;

        Session(Configuration configuration) {
            this.configuration = Map.copyOf(configuration);
            Http login = Http.builder(VaultObjects.baseUrl(configuration)).build();
            String path = "/api/" + VaultObjects.version(configuration, API_VERSION) + "/auth";
            String username = configuration.require("username");
            String password = configuration.require("password");
            Map<String, String> form = new LinkedHashMap<>();   // one field order, so every login's body is the same
            form.put("username", username);
            form.put("password", password);
            this.auth = Auth.session(() -> {
                JsonNode answer = VaultObjects.checked("the login", login.postForm(path, form));
                if (!answer.path("sessionId").isTextual()) {
                    throw new IllegalStateException("Veeva Vault answered the login without a sessionId");
                }
                started = true;
                return answer.get("sessionId").asText();
            }, "Authorization", "");
        }

        /** Vault answers an expired session with 200 and INVALID_SESSION_ID, not a 401: then log in again (the call is repeated once). */
        boolean renewed(JsonNode answer) {
            return expired(answer) && auth.renew();
        }

        private static boolean expired(JsonNode answer) {
            if (answer == null || "SUCCESS".equals(answer.path("responseStatus").asText())) {
                return false;
            }
            for (JsonNode error : answer.path("errors")) {
                if ("INVALID_SESSION_ID".equals(error.path("type").asText())) {
                    return true;
                }
            }
            return false;
        }
    }

    private static synchronized Session session(Configuration configuration) {
        if (session == null || !session.configuration.equals(configuration)) {
            session = new Session(configuration);
        }
        return session;
    }

    static List<Table> schema(Configuration configuration) {
        Session current = session(configuration);
        List<Table> tables = new ArrayList<>();
        for (VaultObjects.VaultObject object : vault(configuration, VaultObjects.client(configuration, current.auth), current).objects()) {
            tables.add(Table.named(object.name()).primaryKey("id").column("id", DataType.STRING));
        }
        return tables;
    }

    static void update(Configuration configuration, State state) {
        Session current = session(configuration);
        Http client = VaultObjects.client(configuration, current.auth);
        try {
            vault(configuration, client, current).sync(state);
        } finally {
            end(configuration, client, current);
        }
    }

    private static VaultObjects vault(Configuration configuration, Http client, Session current) {
        return new VaultObjects(configuration, client, VaultObjects.version(configuration, API_VERSION), "the session", current::renewed);
    }

    /** Ends the session, if one was started; a failure to end it is only logged (Vault ends idle sessions itself). */
    private static synchronized void end(Configuration configuration, Http client, Session current) {
        session = null;
        if (!current.started) {
            return;
        }
        try {
            client.delete("/api/" + VaultObjects.version(configuration, API_VERSION) + "/session");
            Logging.info("the Vault session ended");
        } catch (RuntimeException e) {
            Logging.warning("the Vault session could not be ended: " + e.getMessage());
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
