import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;

/**
 * The SSH server of the tunnel examples' tests, never of a connector: Apache MINA SSHD on 127.0.0.1 and a free port,
 * with an RSA host key made here, port forwarding allowed, and every forwarded connection's target recorded, so that a
 * test sees that the connector went through the tunnel. One user, who logs in by key or by password.
 */
final class SshTestServer implements AutoCloseable {
    private final SshServer server = SshServer.setUpDefaultServer();
    private final KeyPair hostKeys = rsaKeys();
    private final List<String> forwarded = new CopyOnWriteArrayList<>();

    private SshTestServer() {
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKeys));
        server.setForwardingFilter(new AcceptAllForwardingFilter() {
            @Override
            public boolean canConnect(Type type, SshdSocketAddress target, Session session) {
                forwarded.add(target.getHostName() + ":" + target.getPort());
                return true;
            }
        });
    }

    /** A server that lets {@code user} in with the private key of {@code key} alone. */
    static SshTestServer withKey(String user, PublicKey key) throws IOException {
        SshTestServer ssh = new SshTestServer();
        ssh.server.setPublickeyAuthenticator((name, offered, session) -> name.equals(user) && KeyUtils.compareKeys(offered, key));
        return ssh.start();
    }

    /** A server that lets {@code user} in with {@code password} alone. */
    static SshTestServer withPassword(String user, String password) throws IOException {
        SshTestServer ssh = new SshTestServer();
        ssh.server.setPasswordAuthenticator((name, offered, session) -> name.equals(user) && offered.equals(password));
        return ssh.start();
    }

    private SshTestServer start() throws IOException {
        server.start();
        return this;
    }

    /** A new RSA key pair of 2048 bits: a client's key, or another host's for an impostor. */
    static KeyPair rsaKeys() {
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            return rsa.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    int port() {
        return server.getPort();
    }

    /** The host key's public half in OpenSSH's one-line form, as a user copies it from known_hosts. */
    String hostKey() {
        return PublicKeyEntry.toString(hostKeys.getPublic());
    }

    /** The targets ({@code host:port}) of the connections forwarded since the last {@link #clear()}. */
    List<String> forwarded() {
        return forwarded;
    }

    void clear() {
        forwarded.clear();
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
