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
import java.util.List;

/**
 * An HTTP API that only an SSH server reaches (it listens on that server's loopback interface): a local port is
 * forwarded through the SSH server, logging in with a password and checking the server's host key, and the API is
 * called at 127.0.0.1 on that port. One request reads all the users (a full refresh on every sync); paging by a cursor
 * is shown in ../key_based_authentication.
 */
class connector {
    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("user").primaryKey("id")
                .column("id", DataType.STRING)
                .column("createdAt", DataType.UTC_DATETIME)
                .column("updatedAt", DataType.UTC_DATETIME));
    }

    static void update(Configuration configuration, State state) {
        String apiHost = configuration.get("remote_host", "127.0.0.1"); // as the SSH server sees it: its own loopback
        int apiPort = configuration.getInt("remote_port", 5005);
        try (SshTunnel tunnel = SshTunnel.to(apiHost, apiPort)
                .via(configuration.require("ssh_host"), configuration.getInt("ssh_port", 22), configuration.require("ssh_user"))
                .password(configuration.require("ssh_password"))
                .hostKey(configuration.require("ssh_host_key"))
                .open()) {
            Http api = Http.builder("http://127.0.0.1:" + tunnel.localPort())
                    .auth(Auth.apiKeyHeader("Authorization", "apiKey " + configuration.require("api_key")))
                    .build();
            JsonNode users = api.get("/auth/api_key").path("data");
            if (!users.isArray()) {
                throw new IllegalStateException("GET /auth/api_key: the response has no \"data\" array of users");
            }
            for (JsonNode user : users) {
                Operations.upsert("user", user);
            }
            Operations.checkpoint(state);
            Logging.info("user: " + users.size() + " users read");
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
