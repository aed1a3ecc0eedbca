///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
// S3Proxy, here only: an S3 server in this JVM on jclouds' in-memory blob store. JBang applies the AWS SDK's version
// management to the whole build (Guava 29, Jetty 9.4), under which jclouds and S3Proxy do not start: their own versions.
//DEPS org.gaul:s3proxy:3.0.0
//DEPS org.eclipse.jetty:jetty-bom:11.0.26@pom
//DEPS com.google.guava:guava:33.5.0-jre
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector against S3Proxy 3.0.0 (jclouds' transient, in-memory blob store), which holds the client
 * certificate, and the JDK's HttpsServer requiring a client certificate, which serves the page; both started in this JVM
 * once for the class, on free local ports. The keys (EC P-256) and self-signed certificates are made here with Bouncy
 * Castle: the server's for 127.0.0.1, the client's for CN=connector-test, each trusting only the other.
 * Run: jbang connectorTest.java
 */
@Tag("heavy")
class connectorTest {
    private static final String PASSWORD = "test-certificate-password";
    private static S3Proxy s3proxy;
    private static BlobStore store;
    private static HttpsServer api;
    private static volatile String page;
    private static volatile String clientSeen;
    private static KeyStore.PrivateKeyEntry client;
    private static KeyStore.PrivateKeyEntry server;
    private final String bucket = "certs-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startServers() throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.gaul")).setLevel(ch.qos.logback.classic.Level.WARN);
        store = ContextBuilder.newBuilder("transient").credentials("", "").build(BlobStoreContext.class).getBlobStore();
        s3proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "test-access-key", "test-secret-key").build();
        s3proxy.start();
        while (!"STARTED".equals(s3proxy.getState())) {
            Thread.sleep(10);
        }

        client = selfSigned("connector-test", false);
        server = selfSigned("127.0.0.1", true);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers(server), trustManagers(client.getCertificate()), null);
        api = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters ssl = tls.getDefaultSSLParameters();
                ssl.setNeedClientAuth(true);
                parameters.setSSLParameters(ssl);
            }
        });
        api.createContext("/", exchange -> {
            clientSeen = ((X509Certificate) ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
    }

    @AfterAll
    static void stopServers() throws Exception {
        api.stop(0);
        s3proxy.stop();
    }

    private static KeyStore.PrivateKeyEntry selfSigned(String commonName, boolean forThisHost) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair pair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=" + commonName);
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder certificate = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)), name, pair.getPublic());
        if (forThisHost) {
            certificate.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        }
        X509Certificate signed = new JcaX509CertificateConverter()
                .getCertificate(certificate.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        return new KeyStore.PrivateKeyEntry(pair.getPrivate(), new Certificate[] {signed});
    }

    private static KeyStore keystore(KeyStore.PrivateKeyEntry entry) throws Exception {
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        keystore.load(null, null);
        keystore.setKeyEntry("key", entry.getPrivateKey(), PASSWORD.toCharArray(), entry.getCertificateChain());
        return keystore;
    }

    private static javax.net.ssl.KeyManager[] keyManagers(KeyStore.PrivateKeyEntry entry) throws Exception {
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keystore(entry), PASSWORD.toCharArray());
        return factory.getKeyManagers();
    }

    private static javax.net.ssl.TrustManager[] trustManagers(Certificate trusted) throws Exception {
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        keystore.load(null, null);
        keystore.setCertificateEntry("trusted", trusted);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(keystore);
        return factory.getTrustManagers();
    }

    private static byte[] pkcs12(KeyStore.PrivateKeyEntry entry) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        keystore(entry).store(out, PASSWORD.toCharArray());
        return out.toByteArray();
    }

    /** The certificate and its key, encrypted with the password as openssl's default does (PKCS#8, AES-256-CBC). */
    private static byte[] pemWithEncryptedKey(KeyStore.PrivateKeyEntry entry) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            pem.writeObject(entry.getCertificate());
            pem.writeObject(new JcaPKCS8Generator(entry.getPrivateKey(),
                    new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC).setProvider(new BouncyCastleProvider())
                            .setPassword(PASSWORD.toCharArray()).build()));
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] pem(Certificate certificate) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            pem.writeObject(certificate);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private void put(String key, byte[] content) {
        store.createContainerInLocation(null, bucket);
        store.putBlob(bucket, store.blobBuilder(key).payload(content).build());
    }

    private TestSync sync(String certificateKey) throws Exception {
        put("tls/server.pem", pem(server.getCertificate()));
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(java.nio.file.Path.of("configuration.json"))
                .configure("endpoint_url", "http://127.0.0.1:" + s3proxy.getPort()).configure("force_path_style", "true")
                .configure("aws_access_key_id", "test-access-key").configure("aws_secret_access_key", "test-secret-key")
                .configure("bucket_name", bucket).configure("certificate_key", certificateKey)
                .configure("certificate_password", PASSWORD).configure("server_certificate_key", "tls/server.pem")
                .configure("base_url", "https://127.0.0.1:" + api.getAddress().getPort() + "/");
    }

    @Test
    void aPkcs12CertificateFromS3OpensThePageAndOnlyAChangedPageIsWrittenAgain() throws Exception {
        put("tls/client.p12", pkcs12(client));
        page = "<html>\n<body>\n<h1>Client certificate</h1>\n<p>You presented a certificate</p>\n<p>signed by nobody</p>\n</body>\n</html>\n";
        clientSeen = null;
        try (TestSync sync = sync("tls/client.p12")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals("CN=connector-test", clientSeen, "the server saw the client certificate from S3");
            assertEquals(List.of(Map.of("id", 0L, "content", "Client certificate"), Map.of("id", 1L, "content", "You presented a certificate"),
                            Map.of("id", 2L, "content", "signed by nobody")),
                    sync.rows("SELECT id, content FROM sample_data ORDER BY id"));
            assertEquals(3L, first.counts().upserts());
            assertEquals(3L, first.state().get("lines") instanceof Number n ? n.longValue() : -1);

            SyncResult unchanged = sync.run();
            assertTrue(unchanged.succeeded(), unchanged.failure());
            assertEquals(0L, unchanged.counts().upserts() + unchanged.counts().deletes(), "the page has not changed");

            page = "<h1>Client certificate</h1><p>\nYou presented a certificate again\n</p>";
            SyncResult changed = sync.run();
            assertTrue(changed.succeeded(), changed.failure());
            assertEquals(2L, changed.counts().upserts());
            assertEquals(1L, changed.counts().deletes(), "the page lost its third line");
            assertEquals(List.of(Map.of("id", 0L, "content", "Client certificate", "_fivetran_deleted", false),
                            Map.of("id", 1L, "content", "You presented a certificate again", "_fivetran_deleted", false),
                            Map.of("id", 2L, "content", "signed by nobody", "_fivetran_deleted", true)),
                    sync.rows("SELECT id, content, _fivetran_deleted FROM sample_data ORDER BY id"));
            assertEquals(2L, ((Number) changed.state().get("lines")).longValue());
        }
    }

    @Test
    void aPemCertificateWithAnEncryptedKeyWorksAsWell() throws Exception {
        put("tls/client.pem", pemWithEncryptedKey(client));
        page = "<p>hello</p>";
        clientSeen = null;
        try (TestSync sync = sync("tls/client.pem")) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertEquals("CN=connector-test", clientSeen);
            assertEquals("hello", sync.value("SELECT content FROM sample_data WHERE id = 0"));
        }
    }

    @Test
    void aWrongPasswordFailsTheSyncWithoutPrintingIt() throws Exception {
        put("tls/client.p12", pkcs12(client));
        put("tls/client.pem", pemWithEncryptedKey(client));
        for (String key : List.of("tls/client.p12", "tls/client.pem")) {
            try (TestSync sync = sync(key).configure("certificate_password", "not-the-password")) {
                SyncResult result = sync.run();
                assertFalse(result.succeeded(), key);
                assertTrue(result.failure().contains("the password right?"), result.failure());
                assertFalse(result.failure().contains("not-the-password"), result.failure());
                assertEquals(0L, sync.value("SELECT count(*) FROM sample_data"));
            }
        }
    }

    @Test
    void theServerRefusesAClientWithoutTheCertificate() throws Exception {
        SSLContext trustOnly = SSLContext.getInstance("TLS");
        trustOnly.init(null, trustManagers(server.getCertificate()), null);
        HttpClient anonymous = HttpClient.newBuilder().sslContext(trustOnly).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + api.getAddress().getPort() + "/")).build();
        assertThrows(IOException.class, () -> anonymous.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
