package jp.uketsuke.notify.internal.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificate authorities notification receivers must chain to: the JDK's, plus those in an optional PEM file
 * (an on-premises receiver with a private CA, a test's server). Never the JVM-wide {@code javax.net.ssl.*}
 * properties. Host names are checked by the HTTP client against the certificate, as for any HTTPS request.
 */
final class TrustAnchors {

    private static final int MAX_FILE_BYTES = 1 << 20;

    private TrustAnchors() {
    }

    static SSLContext sslContext(Path extraPem) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(extraPem), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the TLS context for notifications cannot be made", e);
        }
    }

    private static TrustManager[] trustManagers(Path extraPem) throws GeneralSecurityException {
        TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jdk.init((KeyStore) null);
        if (extraPem == null || extraPem.toString().isBlank()) {
            return jdk.getTrustManagers();
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("an empty key store cannot be made", e);
        }
        int n = 0;
        for (TrustManager manager : jdk.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                for (X509Certificate ca : x509.getAcceptedIssuers()) {
                    store.setCertificateEntry("jdk-" + n++, ca);
                }
            }
        }
        for (X509Certificate ca : readPem(extraPem)) {
            store.setCertificateEntry("extra-" + n++, ca);
        }
        TrustManagerFactory combined = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        combined.init(store);
        return combined.getTrustManagers();
    }

    private static List<X509Certificate> readPem(Path file) throws GeneralSecurityException {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE_BYTES) {
                throw new IllegalArgumentException("uketsuke.notify.tls-trust: " + file
                        + " is missing or too large to be a PEM file of CA certificates");
            }
            List<X509Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file))).stream()
                    .filter(X509Certificate.class::isInstance).map(X509Certificate.class::cast).toList();
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("uketsuke.notify.tls-trust: " + file + " holds no certificate");
            }
            return certificates;
        } catch (IOException e) {
            throw new IllegalArgumentException("uketsuke.notify.tls-trust: " + file + " cannot be read", e);
        }
    }
}
