package fivetran.connector.sdk.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import fivetran.connector.sdk.Configuration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tunnels through a real SSH server (Apache MINA SSHD on 127.0.0.1, port forwarding allowed) to an HTTP server that
 * only answers on the loopback interface, as a database or API behind a bastion host would.
 */
class SshTunnelTest {
    private static final String PASSWORD = "s3cret-pa55word";
    private static KeyPair hostKeys;
    private static KeyPair clientKeys;
    private static SshServer ssh;
    private static HttpServer destination;

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        hostKeys = rsa.generateKeyPair();
        clientKeys = rsa.generateKeyPair();
        ssh = SshServer.setUpDefaultServer();
        ssh.setHost("127.0.0.1");
        ssh.setPort(0);
        ssh.setKeyPairProvider(KeyPairProvider.wrap(hostKeys));
        ssh.setPasswordAuthenticator((user, password, session) -> user.equals("tunnel") && password.equals(PASSWORD));
        ssh.setPublickeyAuthenticator((user, key, session) -> user.equals("tunnel") && KeyUtils.compareKeys(key, clientKeys.getPublic()));
        ssh.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
        ssh.start();
        destination = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        destination.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = "behind the bastion".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        destination.start();
    }

    @AfterAll
    static void stop() throws IOException {
        destination.stop(0);
        ssh.stop(true);
    }

    private static SshTunnel.Builder tunnel() {
        return SshTunnel.to("127.0.0.1", destination.getAddress().getPort()).via("127.0.0.1", ssh.getPort(), "tunnel");
    }

    private static String hostKey() {
        return PublicKeyEntry.toString(hostKeys.getPublic());
    }

    private static String pkcs8(KeyPair keys) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    private static String get(SshTunnel tunnel) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + tunnel.localAddress() + "/"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    @Test
    void aPrivateKeyOpensATunnelToWhatOnlyTheServerReaches() throws Exception {
        try (SshTunnel tunnel = tunnel().privateKey(pkcs8(clientKeys), null).hostKey(hostKey()).open()) {
            assertTrue(tunnel.localPort() > 0 && tunnel.localPort() != destination.getAddress().getPort());
            assertEquals("behind the bastion", get(tunnel));
            assertEquals("behind the bastion", get(tunnel), "a second connection through the same tunnel");
        }
    }

    @Test
    void aPasswordOrAnEncryptedKeyGivenAsBase64FromConfigurationOpenOneToo() throws Exception {
        ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
        OpenSSHKeyEncryptionContext context = new OpenSSHKeyEncryptionContext();
        context.setCipherName("AES");
        context.setCipherMode("CTR");
        context.setCipherType("256");
        context.setPassword("key passphrase");
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKeys, "test key", context, encrypted);
        Map<String, String> common = Map.of("bastion_host", "127.0.0.1", "bastion_port", String.valueOf(ssh.getPort()), "bastion_user", "tunnel",
                "bastion_host_key", hostKey());
        Map<String, String> withKey = new java.util.HashMap<>(common);
        withKey.put("bastion_private_key", Base64.getEncoder().encodeToString(encrypted.toByteArray()));
        withKey.put("bastion_private_key_passphrase", "key passphrase");
        try (SshTunnel tunnel = SshTunnel.to("127.0.0.1", destination.getAddress().getPort())
                .fromConfiguration(Configuration.of(withKey), "bastion_").open()) {
            assertEquals("behind the bastion", get(tunnel));
        }
        Map<String, String> withPassword = new java.util.HashMap<>(common);
        withPassword.put("bastion_password", PASSWORD);
        try (SshTunnel tunnel = SshTunnel.to("127.0.0.1", destination.getAddress().getPort())
                .fromConfiguration(Configuration.of(withPassword), "bastion_").open()) {
            assertEquals("behind the bastion", get(tunnel));
        }
        withKey.put("bastion_private_key_passphrase", "not the passphrase");
        IllegalStateException wrongPassphrase = assertThrows(IllegalStateException.class, () -> SshTunnel.to("127.0.0.1", 1)
                .fromConfiguration(Configuration.of(withKey), "bastion_").open());
        assertTrue(wrongPassphrase.getMessage().startsWith("cannot open the SSH tunnel 127.0.0.1:* -> 127.0.0.1:1 via tunnel@127.0.0.1:"),
                wrongPassphrase.getMessage());
        assertFalse(wrongPassphrase.getMessage().contains("passphrase\""), wrongPassphrase.getMessage());
    }

    /** Ed25519, the default of today's ssh-keygen, for the client's key and the server's. */
    @Test
    void ed25519KeysWork() throws Exception {
        KeyPair ed25519 = SecurityUtils.getKeyPairGenerator(SecurityUtils.EDDSA).generateKeyPair();
        SshServer edServer = SshServer.setUpDefaultServer();
        edServer.setHost("127.0.0.1");
        edServer.setPort(0);
        edServer.setKeyPairProvider(KeyPairProvider.wrap(ed25519));
        edServer.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, ed25519.getPublic()));
        edServer.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
        edServer.start();
        ByteArrayOutputStream openSsh = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(ed25519, "ed25519 test key", null, openSsh);
        try (SshTunnel tunnel = SshTunnel.to("127.0.0.1", destination.getAddress().getPort()).via("127.0.0.1", edServer.getPort(), "tunnel")
                .privateKey(openSsh.toString(StandardCharsets.UTF_8), null).hostKey(PublicKeyEntry.toString(ed25519.getPublic())).open()) {
            assertEquals("behind the bastion", get(tunnel));
        } finally {
            edServer.stop(true);
        }
    }

    @Test
    void aWrongHostKeyOrPasswordIsRefusedNamingTheServerAndNeverTheSecret() {
        KeyPair other;
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            other = rsa.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
        IllegalStateException impostor = assertThrows(IllegalStateException.class,
                () -> tunnel().password(PASSWORD).hostKey(PublicKeyEntry.toString(other.getPublic())).open());
        assertTrue(impostor.getMessage().contains("via tunnel@127.0.0.1:" + ssh.getPort() + ": the server presented the host key "
                + KeyUtils.getFingerPrint(hostKeys.getPublic()) + ", not the configured " + KeyUtils.getFingerPrint(other.getPublic())),
                impostor.getMessage());
        assertFalse(impostor.getMessage().contains(PASSWORD), impostor.getMessage());

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> tunnel().password("wrong-password").hostKey(hostKey()).open());
        assertTrue(refused.getMessage().endsWith(": the server refused the password of tunnel"), refused.getMessage());
        assertFalse(refused.getMessage().contains("wrong-password"), refused.getMessage());

        IllegalArgumentException noHostKey = assertThrows(IllegalArgumentException.class, () -> SshTunnel.to("db", 5432).fromConfiguration(
                Configuration.of(Map.of("ssh_host", "bastion", "ssh_user", "u", "ssh_password", PASSWORD)), "ssh_"));
        assertEquals("configuration has no 'ssh_host_key': give the SSH server's public host key (a line of known_hosts without the host name),"
                + " or set 'ssh_accept_any_host_key' to \"true\"", noHostKey.getMessage());
    }
}
