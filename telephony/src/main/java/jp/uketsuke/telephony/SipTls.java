package jp.uketsuke.telephony;

import java.time.Duration;
import java.util.Objects;

/**
 * SIP over TLS: its own port (TLS runs over TCP, so it cannot share the UDP/TCP port), the
 * credentials it presents, and how long a new connection may take to finish its TLS handshake.
 * Only TLS 1.2 and 1.3 with ECDHE and AES-GCM or ChaCha20-Poly1305 are spoken, and no renegotiation.
 *
 * @param enabled           whether to listen for TLS at all
 * @param port              TLS port, 5061 by default; 0 picks a free one (see {@link SipServer#tlsPort()})
 * @param credentials       certificate and key; required when enabled
 * @param handshakeTimeout  a connection that has not completed its handshake by then is closed
 */
public record SipTls(boolean enabled, int port, TlsCredentials credentials, Duration handshakeTimeout) {

    public static final int DEFAULT_PORT = 5061;

    public SipTls {
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("TLS port out of range: " + port);
        }
        if (enabled && credentials == null) {
            throw new IllegalArgumentException("SIP over TLS needs a certificate and key");
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("the TLS handshake timeout must be positive");
        }
    }

    public static SipTls disabled() {
        return new SipTls(false, DEFAULT_PORT, null, Duration.ofSeconds(5));
    }

    /** TLS on port 5061 with a 5 s handshake timeout. */
    public static SipTls on(TlsCredentials credentials) {
        return new SipTls(true, DEFAULT_PORT, credentials, Duration.ofSeconds(5));
    }

    public SipTls withPort(int tlsPort) {
        return new SipTls(enabled, tlsPort, credentials, handshakeTimeout);
    }

    public SipTls withHandshakeTimeout(Duration timeout) {
        return new SipTls(enabled, port, credentials, timeout);
    }
}
