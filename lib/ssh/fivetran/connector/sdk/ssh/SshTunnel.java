package fivetran.connector.sdk.ssh;

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Logging;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * A local port forwarded through an SSH server to a host and port that the server reaches (a database or an API in a
 * private network, behind a bastion host): connect to {@code 127.0.0.1:}{@link #localPort()} and the bytes arrive at
 * the destination. Authentication by private key (PEM or OpenSSH text, or its base64; optional passphrase) or by
 * password; the server's host key is checked against the one configured, unless told to accept any (logged as a
 * warning). Close it when the sync is done.
 *
 * <pre>{@code
 * try (SshTunnel tunnel = SshTunnel.to(configuration.require("db_host"), 5432).fromConfiguration(configuration, "ssh_").open()) {
 *     String url = "jdbc:postgresql://127.0.0.1:" + tunnel.localPort() + "/" + configuration.require("db_name");
 *     ...
 * }
 * }</pre>
 */
public final class SshTunnel implements AutoCloseable {
    private final SshClient client;
    private final ClientSession session;
    private final SshdSocketAddress local;
    private final String described;

    private SshTunnel(SshClient client, ClientSession session, SshdSocketAddress local, String described) {
        this.client = client;
        this.session = session;
        this.local = local;
        this.described = described;
    }

    /** A tunnel to {@code host:port} as the SSH server sees them ({@code localhost} is the SSH server itself). */
    public static Builder to(String host, int port) {
        return new Builder(host, port);
    }

    /** The local port that leads to the destination, on 127.0.0.1. */
    public int localPort() {
        return local.getPort();
    }

    /** {@code 127.0.0.1:port}: the destination's address for this JVM, for a JDBC URL or a base URL. */
    public String localAddress() {
        return local.getHostName() + ":" + local.getPort();
    }

    /** Stops forwarding and closes the SSH session. */
    @Override
    public void close() {
        try {
            session.stopLocalPortForwarding(local);   // no new connections; those open drain while the session closes
            session.close(false).await(Duration.ofSeconds(5));
        } catch (IOException e) {
            Logging.warning("closing the SSH tunnel " + described + ": " + e.getMessage());
        } finally {
            client.stop();
        }
    }

    /** How to reach the SSH server and how to authenticate; {@link #open()} opens the tunnel. */
    public static final class Builder {
        private final String host;
        private final int port;
        private String sshHost;
        private int sshPort = 22;
        private String user;
        private String privateKey;
        private String passphrase;
        private String password;
        private String hostKey;
        private boolean anyHostKey;
        private int localPort;
        private Duration timeout = Duration.ofSeconds(30);

        private Builder(String host, int port) {
            this.host = Objects.requireNonNull(host, "host");
            this.port = port;
        }

        /** The SSH server (a bastion host) and the user to log in as. */
        public Builder via(String sshHost, int sshPort, String user) {
            this.sshHost = Objects.requireNonNull(sshHost, "sshHost");
            this.sshPort = sshPort;
            this.user = Objects.requireNonNull(user, "user");
            return this;
        }

        /** Logs in with a private key: PEM (PKCS#1, PKCS#8) or OpenSSH text, or the base64 of it; passphrase null for none. */
        public Builder privateKey(String key, String passphrase) {
            this.privateKey = Objects.requireNonNull(key, "key");
            this.passphrase = passphrase == null || passphrase.isEmpty() ? null : passphrase;
            return this;
        }

        /** Logs in with a password. */
        public Builder password(String password) {
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /** The server's public host key, as in {@code known_hosts} or its {@code .pub} file ({@code ssh-rsa AAAA…}). */
        public Builder hostKey(String publicKey) {
            this.hostKey = Objects.requireNonNull(publicKey, "publicKey");
            return this;
        }

        /** Accepts whatever host key the server shows, which lets a man in the middle in; logged as a warning. */
        public Builder acceptAnyHostKey() {
            this.anyHostKey = true;
            return this;
        }

        /** The local port to listen on (default 0: a free one). */
        public Builder localPort(int localPort) {
            this.localPort = localPort;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * The SSH server and credentials from configuration keys named with {@code prefix} ({@code "ssh_"},
         * {@code "bastion_"}): {@code host} (required), {@code port} (22), {@code user} (required), {@code private_key}
         * with {@code private_key_passphrase}, or {@code password}; {@code host_key}, or {@code accept_any_host_key}
         * {@code "true"}.
         */
        public Builder fromConfiguration(Configuration configuration, String prefix) {
            via(configuration.require(prefix + "host"), configuration.getInt(prefix + "port", 22), configuration.require(prefix + "user"));
            String key = configuration.get(prefix + "private_key", "");
            if (!key.isBlank()) {
                privateKey(key, configuration.get(prefix + "private_key_passphrase", ""));
            } else if (!configuration.get(prefix + "password", "").isEmpty()) {
                password(configuration.get(prefix + "password"));
            } else {
                throw new IllegalArgumentException("configuration has neither '" + prefix + "private_key' nor '" + prefix
                        + "password': give one to log in to the SSH server");
            }
            String known = configuration.get(prefix + "host_key", "");
            if (!known.isBlank()) {
                hostKey(known);
            } else if (configuration.getBoolean(prefix + "accept_any_host_key", false)) {
                acceptAnyHostKey();
            } else {
                throw new IllegalArgumentException("configuration has no '" + prefix + "host_key': give the SSH server's public host key"
                        + " (a line of known_hosts without the host name), or set '" + prefix + "accept_any_host_key' to \"true\"");
            }
            return this;
        }

        /** Connects, logs in and starts forwarding; a failure names the server and the user, never a secret. */
        public SshTunnel open() {
            if (sshHost == null) {
                throw new IllegalStateException("no SSH server: call via(host, port, user)");
            }
            if (privateKey == null && password == null) {
                throw new IllegalStateException("no credentials: call privateKey(...) or password(...)");
            }
            String server = user + "@" + sshHost + ":" + sshPort;
            String described = "127.0.0.1:" + (localPort == 0 ? "*" : localPort) + " -> " + host + ":" + port + " via " + server;
            SshClient client = SshClient.setUpDefaultClient();
            String[] refusedKey = new String[1];
            client.setServerKeyVerifier(verifier(server, refusedKey));
            client.start();
            ClientSession session = null;
            try {
                session = client.connect(user, sshHost, sshPort).verify(timeout).getSession();
                if (privateKey != null) {
                    for (KeyPair identity : identities(server)) {
                        session.addPublicKeyIdentity(identity);
                    }
                } else {
                    session.addPasswordIdentity(password);
                }
                session.auth().verify(timeout);
                SshdSocketAddress bound = session.startLocalPortForwarding(new SshdSocketAddress("127.0.0.1", localPort),
                        new SshdSocketAddress(host, port));
                SshTunnel tunnel = new SshTunnel(client, session, bound, described.replace(":*", ":" + bound.getPort()));
                Logging.info("SSH tunnel open: " + tunnel.described);
                return tunnel;
            } catch (IOException | RuntimeException e) {
                if (session != null) {
                    session.close(true);
                }
                client.stop();
                String reason = refusedKey[0] != null ? refusedKey[0]
                        : e.getMessage() != null && e.getMessage().contains("No more authentication methods available")
                                ? "the server refused the " + (privateKey != null ? "private key" : "password") + " of " + user
                                : reason(e);
                throw new IllegalStateException("cannot open the SSH tunnel " + described + ": " + reason, e);
            }
        }

        /** Checks the server's host key; a refused one is described by both fingerprints in {@code refused[0]}. */
        private ServerKeyVerifier verifier(String server, String[] refused) {
            if (anyHostKey) {
                Logging.warning("the SSH server " + server + "'s host key is not checked (accept_any_host_key): set its host key instead");
                return AcceptAllServerKeyVerifier.INSTANCE;
            }
            if (hostKey == null) {
                throw new IllegalStateException("no host key for " + server + ": call hostKey(...) or, knowingly, acceptAnyHostKey()");
            }
            try {
                PublicKey expected = AuthorizedKeyEntry.parseAuthorizedKeyEntry(hostKey.trim())
                        .resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
                if (expected == null) {
                    throw new IllegalArgumentException("the key type is not supported");
                }
                return (session, address, key) -> {
                    if (KeyUtils.compareKeys(expected, key)) {
                        return true;
                    }
                    refused[0] = "the server presented the host key " + KeyUtils.getFingerPrint(key) + ", not the configured "
                            + KeyUtils.getFingerPrint(expected);
                    return false;
                };
            } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
                throw new IllegalArgumentException("the host key given for " + server + " is not a public key line (ssh-rsa AAAA…): " + e.getMessage(), e);
            }
        }

        private List<KeyPair> identities(String server) throws IOException {
            String text = privateKey.trim();
            if (!text.startsWith("-----")) {
                try {
                    text = new String(Base64.getMimeDecoder().decode(text), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("the private key for " + server + " is neither PEM text nor its base64");
                }
            }
            List<KeyPair> keys = new ArrayList<>();
            try {
                Iterable<KeyPair> loaded = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName("the private key for " + server),
                        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), passphrase == null ? null : FilePasswordProvider.of(passphrase));
                if (loaded != null) {
                    loaded.forEach(keys::add);
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("the private key for " + server + " cannot be read (a wrong passphrase?): " + e.getMessage(), e);
            }
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("the private key for " + server + " holds no key that can be read");
            }
            return keys;
        }

        private static String reason(Throwable e) {
            String message = e.getMessage();
            return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
        }
    }
}
