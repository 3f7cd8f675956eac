package jp.uketsuke.switchboard.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;
import jp.uketsuke.telephony.TlsCredentials;
import jp.uketsuke.web.ServerCertificate;

/**
 * Which certificate SIP over TLS presents: a PKCS#12 file or a PEM pair named by {@code uketsuke.sip.tls.*},
 * otherwise the one HTTPS presents (the operator's, or the self-signed one in the data directory).
 */
final class SipCertificate {

    private SipCertificate() {
    }

    /**
     * @throws IllegalStateException with a message naming the setting to fix; it never contains key material
     */
    static TlsCredentials choose(String certificate, String privateKey, String keyStore, String keyStorePassword,
                                 Supplier<ServerCertificate> https) {
        boolean pem = !certificate.isBlank() || !privateKey.isBlank();
        boolean pkcs12 = !keyStore.isBlank();
        if (pem && pkcs12) {
            throw new IllegalStateException("SIP over TLS: set either uketsuke.sip.tls.certificate and "
                    + "uketsuke.sip.tls.private-key (PEM) or uketsuke.sip.tls.key-store (PKCS#12), not both");
        }
        if (pem && (certificate.isBlank() || privateKey.isBlank())) {
            throw new IllegalStateException("SIP over TLS: set both uketsuke.sip.tls.certificate and "
                    + "uketsuke.sip.tls.private-key (UKETSUKE_SIP_TLS_CERT, UKETSUKE_SIP_TLS_KEY), or neither");
        }
        try {
            if (pkcs12) {
                return TlsCredentials.fromPkcs12(Path.of(keyStore.strip()), keyStorePassword.toCharArray());
            }
            if (pem) {
                return TlsCredentials.fromPem(Path.of(certificate.strip()), Path.of(privateKey.strip()));
            }
            ServerCertificate shared = https.get();
            return TlsCredentials.fromPem(shared.certificate(), shared.privateKey());
        } catch (IOException e) {
            throw new IllegalStateException("SIP over TLS cannot use its certificate: " + e.getMessage()
                    + " (set uketsuke.sip.tls.enabled=false to run without it)", e);
        }
    }
}
