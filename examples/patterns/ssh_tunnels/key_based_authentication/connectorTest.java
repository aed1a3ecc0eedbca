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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector through a real SSH server: Apache MINA SSHD on 127.0.0.1 that lets user "tunnel" in with one
 * RSA key (generated here) and allows port forwarding, in front of a small users API (the JDK's HttpServer on
 * 127.0.0.1, the api-playground's GET /auth/api_key) that checks the api key. The SSH server records every ssh.forwarded()
 * connection, so the tests see that the connector reached the API through the tunnel. Run: jbang connectorTest.java
 */
class connectorTest {
    private static final String API_KEY = "test-api-key-7f3c";
    private static final String PASSPHRASE = "key passphrase 41";
    private static KeyPair clientKeys;
    private static SshTestServer ssh;
    private static HttpServer api;
    private static final List<String> requests = new CopyOnWriteArrayList<>();
    private static final List<String> served = new CopyOnWriteArrayList<>();
    private static final Map<String, Map<String, String>> users = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        clientKeys = SshTestServer.rsaKeys();
        ssh = SshTestServer.withKey("tunnel", clientKeys.getPublic());
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
        served.clear();
        users.clear();
    }

    /** GET /auth/api_key: the users with updatedAt at or after updated_since, oldest first, per_page at most. */
    private static void users(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!("apiKey " + API_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, Map.of("error", "invalid api key"));
                return;
            }
            Map<String, String> query = new HashMap<>();
            String raw = exchange.getRequestURI().getRawQuery();
            for (String pair : raw == null ? new String[0] : raw.split("&")) {
                String[] parts = pair.split("=", 2);
                query.put(parts[0], URLDecoder.decode(parts.length > 1 ? parts[1] : "", StandardCharsets.UTF_8));
            }
            requests.add(query.getOrDefault("updated_since", "-"));
            Instant since = query.containsKey("updated_since") ? Instant.parse(query.get("updated_since")) : Instant.MIN;
            List<Map<String, String>> page = users.values().stream()
                    .filter(user -> !Instant.parse(user.get("updatedAt")).isBefore(since))
                    .sorted(Comparator.comparing((Map<String, String> user) -> Instant.parse(user.get("updatedAt"))).thenComparing(user -> user.get("id")))
                    .limit(Integer.parseInt(query.getOrDefault("per_page", "10")))
                    .toList();
            page.forEach(user -> served.add(user.get("id")));
            respond(exchange, 200, Map.of("data", page));
        }
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void user(String id, String name, String createdAt, String updatedAt) {
        Map<String, String> user = new LinkedHashMap<>();
        user.put("id", id);
        user.put("name", name);
        user.put("email", name.toLowerCase().replace(' ', '.') + "@example.com");
        user.put("address", "1 Main Street");
        user.put("company", "Example Ltd");
        user.put("job", "Engineer");
        user.put("createdAt", createdAt);
        user.put("updatedAt", updatedAt);
        users.put(id, user);
    }

    private static String encryptedPrivateKey() throws Exception {
        OpenSSHKeyEncryptionContext encryption = new OpenSSHKeyEncryptionContext();
        encryption.setCipherName("AES");
        encryption.setCipherMode("CTR");
        encryption.setCipherType("256");
        encryption.setPassword(PASSPHRASE);
        ByteArrayOutputStream key = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKeys, "connector", encryption, key);
        return key.toString(StandardCharsets.US_ASCII);
    }

    private static TestSync sync() throws Exception {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("ssh_host", "127.0.0.1")
                .configure("ssh_port", String.valueOf(ssh.port()))
                .configure("ssh_user", "tunnel")
                .configure("ssh_private_key", encryptedPrivateKey())
                .configure("ssh_private_key_passphrase", PASSPHRASE)
                .configure("ssh_host_key", ssh.hostKey())
                .configure("remote_port", String.valueOf(api.getAddress().getPort()))
                .configure("api_key", API_KEY)
                .configure("page_size", "3");
    }

    @Test
    void usersArriveThroughTheTunnelPageByPageAndThenOnlyTheChangedOnes() throws Exception {
        user("u1", "Ada Lovelace", "2024-01-01T08:00:00Z", "2024-01-01T09:00:00Z");
        user("u2", "Grace Hopper", "2024-01-01T08:00:00Z", "2024-01-02T09:00:00Z");
        user("u3", "Alan Turing", "2024-01-01T08:00:00Z", "2024-01-03T09:00:00Z");
        user("u4", "Edsger Dijkstra", "2024-01-01T08:00:00Z", "2024-01-03T09:00:00Z"); // u3's timestamp, across a page break
        user("u5", "Barbara Liskov", "2024-01-01T08:00:00Z", "2024-01-04T09:00:00Z");
        try (TestSync sync = sync()) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(List.of("-", "2024-01-03T09:00:00Z", "2024-01-04T09:00:00Z"), requests, "a page, then from the newest updatedAt read");
            assertEquals(3L, first.counts().checkpoints(), "a checkpoint per page");
            assertEquals(List.of("u1", "u2", "u3", "u3", "u4", "u5", "u5"), served, "the boundary user is read again, u4 is not skipped");
            assertTrue(!ssh.forwarded().isEmpty() && ssh.forwarded().stream().allMatch(("127.0.0.1:" + api.getAddress().getPort())::equals), ssh.forwarded()::toString);
            assertEquals(5L, sync.value("SELECT count(*) FROM \"user\""));
            assertEquals(List.of(Map.of("id", "u4", "name", "Edsger Dijkstra", "email", "edsger.dijkstra@example.com",
                            "created_at", OffsetDateTime.of(2024, 1, 1, 8, 0, 0, 0, ZoneOffset.UTC),
                            "updated_at", OffsetDateTime.of(2024, 1, 3, 9, 0, 0, 0, ZoneOffset.UTC))),
                    sync.rows("SELECT id, name, email, created_at, updated_at FROM \"user\" WHERE id = 'u4'"));
            assertEquals(Map.of("last_updated_at", "2024-01-04T09:00:00Z"), first.state());

            user("u2", "Grace Brewster Hopper", "2024-01-01T08:00:00Z", "2024-02-01T10:00:00Z");
            user("u6", "Margaret Hamilton", "2024-02-01T10:00:00Z", "2024-02-01T10:00:00Z");
            served.clear();
            requests.clear();
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(List.of("2024-01-04T09:00:00Z", "2024-02-01T10:00:00Z"), requests, "from the saved cursor");
            assertEquals(List.of("u5", "u2", "u6", "u2", "u6"), served, "the changes (and the boundary user); not u1, u3 or u4");
            assertEquals(5L, second.counts().upserts());
            assertEquals(6L, sync.value("SELECT count(*) FROM \"user\""));
            assertEquals("Grace Brewster Hopper", sync.value("SELECT name FROM \"user\" WHERE id = 'u2'"));
            assertEquals(Map.of("last_updated_at", "2024-02-01T10:00:00Z"), second.state());
        }
    }

    @Test
    void aWrongHostKeyOrAKeyTheServerDoesNotKnowFailsNamingTheServerAndNoSecret() throws Exception {
        user("u1", "Ada Lovelace", "2024-01-01T08:00:00Z", "2024-01-01T09:00:00Z");
        KeyPair other = SshTestServer.rsaKeys();
        String privateKey = encryptedPrivateKey();
        try (TestSync sync = sync().configure("ssh_host_key", PublicKeyEntry.toString(other.getPublic()))) {
            SyncResult impostor = sync.run();
            assertFalse(impostor.succeeded());
            assertTrue(impostor.failure().contains("cannot open the SSH tunnel") && impostor.failure().contains("via tunnel@127.0.0.1:" + ssh.port()),
                    impostor.failure());
            assertNoSecret(impostor.failure() + sync.log(), privateKey);
        }
        try (TestSync sync = sync().configure("ssh_private_key", "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder()
                .encodeToString(other.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n")) {
            SyncResult refused = sync.run();
            assertFalse(refused.succeeded());
            assertTrue(refused.failure().contains("cannot open the SSH tunnel"), refused.failure());
            assertNoSecret(refused.failure() + sync.log(), privateKey);
        }
        assertTrue(ssh.forwarded().isEmpty() && requests.isEmpty(), "nothing reached the API");
    }

    private static void assertNoSecret(String text, String privateKey) {
        for (String secret : List.of(API_KEY, PASSPHRASE, privateKey.lines().skip(1).findFirst().orElseThrow())) {
            assertFalse(text.contains(secret), text);
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
