package fivetran.connector.sdk.http.auth;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Mutual TLS from configuration values: a PKCS#12 keystore (the client's key and certificate) given base64-encoded,
 * as certificates are stored in a connector's configuration. Give the result to {@code Http.builder(url).sslContext(...)}.
 *
 * <pre>{@code
 * SSLContext tls = ClientCertificate.sslContext(configuration.require("client_certificate"),
 *         configuration.require("client_certificate_password"), configuration.get("server_ca_certificate"));
 * }</pre>
 */
public final class ClientCertificate {
    private ClientCertificate() {
    }

    /**
     * A TLS context presenting the keystore's key and certificate. {@code trustedBase64}, when not null or blank, is
     * the base64 of the certificates (PEM or DER) to trust instead of the JDK's authorities, e.g. a private CA's or a
     * self-signed server's.
     */
    public static SSLContext sslContext(String pkcs12Base64, String password, String trustedBase64) {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(new ByteArrayInputStream(decode(pkcs12Base64, "the client certificate")), password.toCharArray());
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password.toCharArray());
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trustedBase64 == null || trustedBase64.isBlank() ? null : trustStore(trustedBase64));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new IllegalArgumentException("the client certificate cannot be read (is it PKCS#12, and the password right?): "
                    + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the client certificate cannot be used: " + e.getMessage(), e);
        }
    }

    /** A TLS context presenting the keystore's key and certificate, trusting the JDK's authorities. */
    public static SSLContext sslContext(String pkcs12Base64, String password) {
        return sslContext(pkcs12Base64, password, null);
    }

    private static KeyStore trustStore(String trustedBase64) throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        int index = 0;
        for (Certificate certificate : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(decode(trustedBase64, "the trusted certificate")))) {
            trusted.setCertificateEntry("trusted-" + index++, certificate);
        }
        return trusted;
    }

    private static byte[] decode(String base64, String what) {
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not valid base64", e);
        }
    }
}
