package jp.uketsuke.telephony.internal.sip;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts and logs the TLS peers we connected to and refused: a certificate that does not chain to the peer's trusted
 * CAs, or that does not name the host. The checking itself is the JDK's; this only watches it, so an operator sees
 * which trunk's certificate is wrong. Log lines name the peer (a trunk name) and the reason, never a caller.
 */
public final class PeerVerification {

    private static final Logger log = LoggerFactory.getLogger(PeerVerification.class);

    private final AtomicLong refused = new AtomicLong();

    /** Peers refused so far. */
    public long refused() {
        return refused.get();
    }

    /** {@code delegates}, watched: the first X.509 trust manager among them checks peers named {@code peer}. */
    public TrustManager[] watching(String peer, TrustManager[] delegates) {
        X509ExtendedTrustManager checker = Arrays.stream(delegates)
                .filter(X509ExtendedTrustManager.class::isInstance).map(X509ExtendedTrustManager.class::cast)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no X.509 trust manager to watch"));
        return new TrustManager[] {new Watched(peer, checker)};
    }

    private void refusal(String peer, CertificateException e) {
        refused.incrementAndGet();
        String message = String.valueOf(e.getMessage());
        String reason = message.contains("No subject alternative") || message.contains("No name matching")
                ? "its certificate does not name the host we connected to"
                : message.contains("PKIX") || message.contains("path")
                ? "its certificate does not chain to a trusted CA"
                : "its certificate was refused (" + e.getClass().getSimpleName() + ")";
        log.warn("TLS peer {} refused: {}", peer, reason);
    }

    /** Client-side checks go through the JDK's manager; we are never asked to check clients with these. */
    private final class Watched extends X509ExtendedTrustManager {

        private final String peer;
        private final X509ExtendedTrustManager checker;

        Watched(String peer, X509ExtendedTrustManager checker) {
            this.peer = peer;
            this.checker = checker;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            try {
                checker.checkServerTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                refusal(peer, e);
                throw e;
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            try {
                checker.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                refusal(peer, e);
                throw e;
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            // without a socket there is no host to check the name against: never trusted that way
            throw new CertificateException("a peer's certificate is checked only with its connection");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checker.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checker.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            checker.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return checker.getAcceptedIssuers();
        }
    }
}
