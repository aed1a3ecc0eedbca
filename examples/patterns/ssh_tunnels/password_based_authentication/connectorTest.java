///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java
//SOURCES ../SshTestServer.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * The connector through a real SSH server: Apache MINA SSHD on 127.0.0.1 that lets user "tunnel" in with a password
 * and records every ssh.forwarded() connection, in front of a users API (the JDK's HttpServer on 127.0.0.1, the
 * api-playground's GET /auth/api_key) that checks the api key. Run: jbang connectorTest.java
 */
class connectorTest {
    private static final String API_KEY = "test-api-key-7f3c";
    private static final String PASSWORD = "s3cret-Pa55-word";
    private static final String WRONG_PASSWORD = "not-the-Pa55-word";
    private static SshTestServer ssh;
    private static HttpServer api;
    private static final List<String> requests = new CopyOnWriteArrayList<>();
    private static final Map<String, Map<String, String>> users = new ConcurrentSkipListMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        ssh = SshTestServer.withPassword("tunnel", PASSWORD);
        api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/auth/api_key", connectorTest::users);
        api.start();
    }

    @AfterAll
    static void stop() throws IOException {
        api.stop(0);
        ssh.close();
    }

    @BeforeEach
    void resetSource() {
        ssh.clear();
        requests.clear();
        users.clear();
    }

    /** GET /auth/api_key: all the users, in one answer {"data": [...]}, to a caller with the api key. */
    private static void users(HttpExchange exchange) throws IOException {
        try (exchange) {
            boolean authorized = ("apiKey " + API_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + (authorized ? "" : " (no api key)"));
            byte[] body = JSON.writeValueAsBytes(authorized ? Map.of("data", List.copyOf(users.values())) : Map.of("error", "invalid api key"));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(authorized ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static void user(String id, String name, String updatedAt) {
        users.put(id, Map.of("id", id, "name", name, "email", name.toLowerCase().replace(' ', '.') + "@example.com",
                "createdAt", "2024-01-01T08:00:00Z", "updatedAt", updatedAt));
    }


    private static TestSync sync() throws Exception {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("ssh_host", "127.0.0.1")
                .configure("ssh_port", String.valueOf(ssh.port()))
                .configure("ssh_user", "tunnel")
                .configure("ssh_password", PASSWORD)
                .configure("ssh_host_key", ssh.hostKey())
                .configure("remote_port", String.valueOf(api.getAddress().getPort()))
                .configure("api_key", API_KEY);
    }

    @Test
    void usersArriveThroughTheTunnelAndEverySyncReadsThemAllAgain() throws Exception {
        user("u1", "Ada Lovelace", "2024-01-01T09:00:00Z");
        user("u2", "Grace Hopper", "2024-01-02T09:00:00Z");
        user("u3", "Alan Turing", "2024-01-03T09:00:00Z");
        try (TestSync sync = sync()) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(List.of("GET /auth/api_key"), requests, "one request, with the api key");
            assertEquals(List.of("127.0.0.1:" + api.getAddress().getPort()), ssh.forwarded(), "through the tunnel, to the API");
            assertEquals(3L, first.counts().upserts());
            assertEquals(1L, first.counts().checkpoints());
            assertEquals(List.of(Map.of("id", "u2", "name", "Grace Hopper", "email", "grace.hopper@example.com",
                            "created_at", OffsetDateTime.of(2024, 1, 1, 8, 0, 0, 0, ZoneOffset.UTC),
                            "updated_at", OffsetDateTime.of(2024, 1, 2, 9, 0, 0, 0, ZoneOffset.UTC))),
                    sync.rows("SELECT id, name, email, created_at, updated_at FROM \"user\" WHERE id = 'u2'"));
            assertEquals(3L, sync.value("SELECT count(*) FROM \"user\""));
            assertEquals(Map.of(), first.state(), "no cursor: a full refresh");

            user("u2", "Grace Brewster Hopper", "2024-02-01T10:00:00Z");
            user("u4", "Margaret Hamilton", "2024-02-01T10:00:00Z");
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(4L, second.counts().upserts(), "every user again, the changed and the new one among them");
            assertEquals(4L, sync.value("SELECT count(*) FROM \"user\""));
            assertEquals(List.of(Map.of("name", "Grace Brewster Hopper", "updated_at", OffsetDateTime.of(2024, 2, 1, 10, 0, 0, 0, ZoneOffset.UTC))),
                    sync.rows("SELECT name, updated_at FROM \"user\" WHERE id = 'u2'"));
        }
    }

    @Test
    void aWrongPasswordOrHostKeyFailsNamingTheServerAndTheUserAndNoSecret() throws Exception {
        user("u1", "Ada Lovelace", "2024-01-01T09:00:00Z");
        String server = "via tunnel@127.0.0.1:" + ssh.port() + ": ";
        try (TestSync sync = sync().configure("ssh_password", WRONG_PASSWORD)) {
            SyncResult refused = sync.run();
            assertFalse(refused.succeeded());
            assertTrue(refused.failure().contains(server + "the server refused the password of tunnel"), refused.failure());
            assertNoSecret(refused.failure() + sync.log());
        }
        try (TestSync sync = sync().configure("ssh_host_key", PublicKeyEntry.toString(SshTestServer.rsaKeys().getPublic()))) {
            SyncResult impostor = sync.run();
            assertFalse(impostor.succeeded());
            assertTrue(impostor.failure().contains(server + "the server presented the host key"), impostor.failure());
            assertNoSecret(impostor.failure() + sync.log());
        }
        assertTrue(ssh.forwarded().isEmpty() && requests.isEmpty(), "nothing reached the API");
    }

    private static void assertNoSecret(String text) {
        for (String secret : List.of(API_KEY, PASSWORD, WRONG_PASSWORD)) {
            assertFalse(text.contains(secret), text);
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
