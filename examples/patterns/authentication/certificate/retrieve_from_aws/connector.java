///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../../connector-sdk.java
//DEPS ../../../../../lib/s3.java
//DEPS org.bouncycastle:bcpkix-jdk18on:1.87

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.auth.ClientCertificate;
import fivetran.connector.sdk.s3.S3Clients;
import fivetran.connector.sdk.util.Hashing;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Mutual TLS with a client certificate kept in S3: at the start of each sync the certificate (a PKCS#12 keystore, or
 * PEM holding the certificate and its key, which may be encrypted) is fetched from the bucket, and, when configured,
 * the server certificate to trust. The page at {@code base_url} is then fetched presenting that certificate: its text,
 * tags stripped, one row per non-empty line. The page is one resource with no cursor of its own: state keeps its hash
 * and line count, so an unchanged page writes nothing and a shorter one deletes the lines past its end.
 */
class connector {
    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("sample_data").primaryKey("id").column("id", DataType.LONG).column("content", DataType.STRING));
    }

    static void update(Configuration configuration, State state) {
        SSLContext tls;
        try (S3Client s3 = S3Clients.fromConfiguration(configuration)) {
            tls = clientCertificate(s3, configuration);
        }
        String url = configuration.require("base_url");
        Logging.info("fetching " + url + " with the client certificate");
        String page = Http.builder(url).sslContext(tls).build().getText(url, Map.of(), "text/html");
        List<String> lines = page.replaceAll("<[^>]+>", "").lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        String hash = Hashing.sha256(lines.toArray());
        long previousLines = state.getLong("lines", 0);
        if (hash.equals(state.getString("content_sha256", null))) {
            Logging.info("the page has not changed since the last sync");
            return;
        }
        for (int id = 0; id < lines.size(); id++) {
            Operations.upsert("sample_data", Map.of("id", id, "content", lines.get(id)));
        }
        for (long id = lines.size(); id < previousLines; id++) {
            Operations.delete("sample_data", Map.of("id", id));
        }
        state.put("content_sha256", hash);
        state.put("lines", lines.size());
        Operations.checkpoint(state);
        Logging.info(lines.size() + " lines written, " + Math.max(0, previousLines - lines.size()) + " deleted");
    }

    /**
     * The TLS context of the certificate in S3 ({@code certificate_key}), trusting the certificate(s) at
     * {@code server_certificate_key} when given, else the JDK's authorities. The SDK's ClientCertificate does the rest.
     */
    static SSLContext clientCertificate(S3Client s3, Configuration configuration) {
        String bucket = configuration.require("bucket_name");
        String key = configuration.require("certificate_key");
        String password = configuration.get("certificate_password", "");
        Logging.info("fetching the client certificate s3://" + bucket + "/" + key);
        byte[] certificate = s3.getObjectAsBytes(get -> get.bucket(bucket).key(key)).asByteArray();
        String serverKey = configuration.get("server_certificate_key", null);
        String trusted = serverKey == null ? null : Base64.getEncoder().encodeToString(
                s3.getObjectAsBytes(get -> get.bucket(bucket).key(serverKey)).asByteArray());
        if (!new String(certificate, 0, Math.min(certificate.length, 4096), StandardCharsets.US_ASCII).contains("-----BEGIN")) {
            return ClientCertificate.sslContext(Base64.getEncoder().encodeToString(certificate), password, trusted);  // PKCS#12
        }
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String keystorePassword = HexFormat.of().formatHex(random);     // the converted keystore never leaves this JVM
        byte[] pkcs12 = pkcs12FromPem(certificate, password.toCharArray(), keystorePassword.toCharArray());
        return ClientCertificate.sslContext(Base64.getEncoder().encodeToString(pkcs12), keystorePassword, trusted);
    }

    /** A PKCS#12 keystore of the PEM's private key (decrypted with {@code password} when encrypted) and certificates. */
    static byte[] pkcs12FromPem(byte[] pem, char[] password, char[] keystorePassword) {
        BouncyCastleProvider bouncyCastle = new BouncyCastleProvider();
        JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
        JcaX509CertificateConverter certificates = new JcaX509CertificateConverter();
        PrivateKey key = null;
        List<Certificate> chain = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new InputStreamReader(new ByteArrayInputStream(pem), StandardCharsets.US_ASCII))) {
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                if (item instanceof X509CertificateHolder holder) {
                    chain.add(certificates.getCertificate(holder));
                } else if (item instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {      // BEGIN ENCRYPTED PRIVATE KEY
                    key = keys.getPrivateKey(encrypted.decryptPrivateKeyInfo(
                            new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(bouncyCastle).build(password)));
                } else if (item instanceof PEMEncryptedKeyPair encrypted) {               // Proc-Type: 4,ENCRYPTED
                    key = keys.getKeyPair(encrypted.decryptKeyPair(
                            new JcePEMDecryptorProviderBuilder().setProvider(bouncyCastle).build(password))).getPrivate();
                } else if (item instanceof PEMKeyPair pair) {                             // BEGIN RSA/EC PRIVATE KEY
                    key = keys.getKeyPair(pair).getPrivate();
                } else if (item instanceof PrivateKeyInfo plain) {                        // BEGIN PRIVATE KEY
                    key = keys.getPrivateKey(plain);
                }
            }
            if (key == null || chain.isEmpty()) {
                throw new IllegalArgumentException("the PEM client certificate must hold a private key and its certificate");
            }
            KeyStore keystore = KeyStore.getInstance("PKCS12");
            keystore.load(null, null);
            keystore.setKeyEntry("client", key, keystorePassword, chain.toArray(Certificate[]::new));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            keystore.store(out, keystorePassword);
            return out.toByteArray();
        } catch (PKCSException | PEMException | OperatorCreationException e) {
            throw new IllegalArgumentException("the PEM client certificate's key cannot be decrypted (is the password right?): "
                    + e.getMessage(), e);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("the PEM client certificate cannot be read: " + e.getMessage(), e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
