///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java
//SOURCES ../SshTestServer.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.SourceDatabase;
import fivetran.connector.sdk.testkit.TestSync;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector through a bastion: Apache MINA SSHD on 127.0.0.1 (user "bastion", one RSA key generated here,
 * port forwarding allowed, every bastion.forwarded() connection recorded) in front of the local PostgreSQL server (127.0.0.1:5432,
 * user postgres, database test). Each test creates a schema of its own with sample_users, and drops it after.
 * Run: jbang connectorTest.java
 */
@Tag("servers")
class connectorTest {
    private static final String DB_PASSWORD = "db-pa55word-never-logged"; // the local server trusts 127.0.0.1 and ignores it
    private static KeyPair clientKeys;
    private static SshTestServer bastion;
    private SourceDatabase source;

    @BeforeAll
    static void startBastion() throws Exception {
        clientKeys = SshTestServer.rsaKeys();
        bastion = SshTestServer.withKey("bastion", clientKeys.getPublic());
    }

    @AfterAll
    static void stopBastion() throws IOException {
        bastion.close();
    }

    @BeforeEach
    void createSource() {
        bastion.clear();
        source = SourceDatabase.postgresql();
        source.execute("""
                CREATE TABLE %1$s.sample_users (
                  id          text PRIMARY KEY,
                  name        text NOT NULL,
                  email       text,
                  modified_at timestamptz NOT NULL
                );
                CREATE INDEX ON %1$s.sample_users (modified_at, id);
                INSERT INTO %1$s.sample_users (id, name, email, modified_at)
                  SELECT 'user-' || lpad(n::text, 4, '0'), 'User ' || n, 'user' || n || '@example.com',
                         timestamptz '2024-01-01 00:00:00+00' + (n / 2) * interval '1 minute'
                  FROM generate_series(1, 2500) AS n;
                """.formatted(source.name()));
    }

    @AfterEach
    void dropSource() {
        source.close();
    }

    /** The private key as base64 of its PEM text, as the upstream example takes it. */
    private static String privateKey() {
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(clientKeys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }

    private TestSync sync() {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("bastion_host", "127.0.0.1")
                .configure("bastion_port", String.valueOf(bastion.port()))
                .configure("bastion_user", "bastion")
                .configure("bastion_private_key", privateKey())
                .configure("bastion_host_key", bastion.hostKey())
                .configure("private_host", "127.0.0.1")
                .configure("private_port", "5432")
                .configure("db_user", "postgres")
                .configure("db_password", DB_PASSWORD)
                .configure("db_name", "test")
                .configure("db_schema", source.name());
    }

    @Test
    void aFirstSyncCopiesEveryUserThroughTheBastionAndTheNextOnlyTheChanges() throws Exception {
        try (TestSync sync = sync()) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(List.of("127.0.0.1:5432"), bastion.forwarded(), "one connection, through the bastion");
            assertEquals(2500L, first.counts().upserts());
            assertEquals(3L, first.counts().checkpoints(), "after rows 1,000 and 2,000, and at the end");
            assertEquals(List.of(Map.of("id", "user-0007", "name", "User 7", "email", "user7@example.com",
                            "modified_at", OffsetDateTime.of(2024, 1, 1, 0, 3, 0, 0, ZoneOffset.UTC))),
                    sync.rows("SELECT id, name, email, modified_at FROM sample_users WHERE id = 'user-0007'"));
            assertEquals(2500L, sync.value("SELECT count(DISTINCT id) FROM sample_users"));
            assertEquals(Map.of("last_modified", Map.of("modified_at", "2024-01-01T20:50Z", "id", "user-2500")), first.state());

            source.execute("""
                    UPDATE %1$s.sample_users SET email = 'ada@new.example.com', modified_at = '2024-02-01 09:00+00' WHERE id = 'user-0001';
                    INSERT INTO %1$s.sample_users VALUES ('user-2501', 'User 2501', NULL, '2024-02-01 09:00+00');
                    """.formatted(source.name()));
            bastion.clear();
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(List.of("127.0.0.1:5432"), bastion.forwarded());
            assertEquals(2L, second.counts().upserts(), "user-0001's change and user-2501, nothing else");
            assertEquals(1L, second.counts().checkpoints());
            assertEquals("ada@new.example.com", sync.value("SELECT email FROM sample_users WHERE id = 'user-0001'"));
            assertEquals(2501L, sync.value("SELECT count(*) FROM sample_users"));
            assertEquals(Map.of("last_modified", Map.of("modified_at", "2024-02-01T09:00Z", "id", "user-2501")), second.state());
        }
    }

    @Test
    void aBastionWithAnotherHostKeyIsRefusedWithAMessageThatHoldsNoSecret() throws Exception {
        try (TestSync sync = sync().configure("bastion_host_key", PublicKeyEntry.toString(SshTestServer.rsaKeys().getPublic()))) {
            SyncResult impostor = sync.run();
            assertFalse(impostor.succeeded());
            assertTrue(impostor.failure().contains("cannot open the SSH tunnel 127.0.0.1:* -> 127.0.0.1:5432 via bastion@127.0.0.1:"
                    + bastion.port()), impostor.failure());
            String text = impostor.failure() + sync.log();
            assertFalse(text.contains(DB_PASSWORD) || text.contains(privateKey().substring(20, 80)), text);
            assertTrue(bastion.forwarded().isEmpty(), "nothing was bastion.forwarded()");
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
