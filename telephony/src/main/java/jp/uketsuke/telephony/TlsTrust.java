package jp.uketsuke.telephony;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificate authorities a TLS peer we connect to (a trunk) must chain to: the JDK's own CA list, or CA
 * certificates from a PEM file when the trunk's certificate comes from a private CA. Never read from the JVM-wide
 * {@code javax.net.ssl.trustStore} properties.
 */
public final class TlsTrust {

    private static final int MAX_FILE_BYTES = 1 << 20;
    private static final TlsTrust JDK = new TlsTrust(List.of(), "the JDK's certificate authorities");

    private final List<X509Certificate> authorities;
    private final String description;

    private TlsTrust(List<X509Certificate> authorities, String description) {
        this.authorities = List.copyOf(authorities);
        this.description = description;
    }

    /** The CAs the JDK ships ({@code lib/security/cacerts}): right for a trunk with a public certificate. */
    public static TlsTrust jdkDefault() {
        return JDK;
    }

    /**
     * Only the CA certificates in a PEM file (one or more "BEGIN CERTIFICATE" blocks).
     *
     * @throws IOException when the file cannot be read or holds no certificate; the message names the file
     */
    public static TlsTrust fromPem(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IOException("the CA certificate file " + file + " is missing or not readable");
        }
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException("the CA certificate file " + file + " is too large to be one");
        }
        Collection<? extends Certificate> read;
        try {
            read = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)));
        } catch (GeneralSecurityException e) {
            throw new IOException("the CA certificate file " + file + " holds no readable X.509 certificate");
        }
        List<X509Certificate> certificates = read.stream()
                .filter(X509Certificate.class::isInstance).map(X509Certificate.class::cast).toList();
        if (certificates.isEmpty()) {
            throw new IOException("the CA certificate file " + file + " holds no certificate");
        }
        return new TlsTrust(certificates, certificates.size() + " CA certificate(s) from " + file.getFileName());
    }

    /** Trust managers that check a peer's chain against these CAs (the host name is checked by the socket). */
    TrustManager[] trustManagers() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (authorities.isEmpty()) {
            factory.init((KeyStore) null);
            return factory.getTrustManagers();
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("an empty key store cannot be made", e);
        }
        for (int i = 0; i < authorities.size(); i++) {
            store.setCertificateEntry("ca-" + i, authorities.get(i));
        }
        factory.init(store);
        return factory.getTrustManagers();
    }

    @Override
    public String toString() {
        return "TlsTrust[" + description + "]";
    }
}
