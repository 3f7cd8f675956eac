package jp.uketsuke.telephony;

import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of a {@link SipServer}. SIP listens on UDP and TCP at the same port, and on TLS at its own.
 *
 * @param bindAddress        local address to listen on; "0.0.0.0" for all interfaces
 * @param advertisedAddress  address written into Contact, Via and SDP; blank picks one (127.0.0.1
 *                           when bound to loopback, the bind address when specific, else a local
 *                           site address)
 * @param port               SIP port for UDP and TCP; 0 picks a free one (see {@link SipServer#port()})
 * @param rtpPortMin         lowest RTP port (inclusive); calls use even ports
 * @param rtpPortMax         highest RTP port (inclusive)
 * @param rtpTimeout         a call with no RTP from the caller for this long is hung up
 * @param maxMessageBytes    largest SIP message accepted
 * @param answerDelay        how long the caller hears ringing (180) before the 200 OK
 * @param maxCalls           calls beyond this many at once are refused with 503
 * @param tls                SIP over TLS on its own port, or {@link SipTls#disabled()}
 */
public record SipSettings(String bindAddress, String advertisedAddress, int port, int rtpPortMin, int rtpPortMax,
                          Duration rtpTimeout, int maxMessageBytes, Duration answerDelay, int maxCalls,
                          SipTls tls) {

    public SipSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        advertisedAddress = advertisedAddress == null ? "" : advertisedAddress.strip();
        Objects.requireNonNull(rtpTimeout, "rtpTimeout");
        Objects.requireNonNull(answerDelay, "answerDelay");
        Objects.requireNonNull(tls, "tls");
        if (tls.enabled() && tls.port() != 0 && tls.port() == port) {
            throw new IllegalArgumentException("SIP over TLS needs a port of its own, not the UDP/TCP port " + port);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (rtpPortMin < 1024 || rtpPortMax > 65534 || rtpPortMax - rtpPortMin < 1) {
            throw new IllegalArgumentException("RTP port range must lie in 1024-65534 and hold one even port pair");
        }
        if (rtpTimeout.isNegative() || rtpTimeout.isZero() || answerDelay.isNegative()) {
            throw new IllegalArgumentException("rtpTimeout must be positive and answerDelay not negative");
        }
        if (maxMessageBytes < 1024 || maxCalls < 1) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1024 and maxCalls at least 1");
        }
    }

    /** Defaults that work on a laptop: all interfaces, port 5060, RTP 20000-30000, 30 s RTP timeout, no TLS. */
    public static SipSettings defaults() {
        return new SipSettings("0.0.0.0", "", 5060, 20000, 30000, Duration.ofSeconds(30), 16 * 1024,
                Duration.ZERO, 500, SipTls.disabled());
    }

    public SipSettings withBindAddress(String address) {
        return new SipSettings(address, advertisedAddress, port, rtpPortMin, rtpPortMax, rtpTimeout,
                maxMessageBytes, answerDelay, maxCalls, tls);
    }

    public SipSettings withAdvertisedAddress(String address) {
        return new SipSettings(bindAddress, address, port, rtpPortMin, rtpPortMax, rtpTimeout,
                maxMessageBytes, answerDelay, maxCalls, tls);
    }

    public SipSettings withPort(int sipPort) {
        return new SipSettings(bindAddress, advertisedAddress, sipPort, rtpPortMin, rtpPortMax, rtpTimeout,
                maxMessageBytes, answerDelay, maxCalls, tls);
    }

    public SipSettings withRtpPorts(int min, int max) {
        return new SipSettings(bindAddress, advertisedAddress, port, min, max, rtpTimeout,
                maxMessageBytes, answerDelay, maxCalls, tls);
    }

    public SipSettings withRtpTimeout(Duration timeout) {
        return new SipSettings(bindAddress, advertisedAddress, port, rtpPortMin, rtpPortMax, timeout,
                maxMessageBytes, answerDelay, maxCalls, tls);
    }

    public SipSettings withMaxMessageBytes(int bytes) {
        return new SipSettings(bindAddress, advertisedAddress, port, rtpPortMin, rtpPortMax, rtpTimeout,
                bytes, answerDelay, maxCalls, tls);
    }

    public SipSettings withAnswerDelay(Duration delay) {
        return new SipSettings(bindAddress, advertisedAddress, port, rtpPortMin, rtpPortMax, rtpTimeout,
                maxMessageBytes, delay, maxCalls, tls);
    }

    public SipSettings withMaxCalls(int calls) {
        return new SipSettings(bindAddress, advertisedAddress, port, rtpPortMin, rtpPortMax, rtpTimeout,
                maxMessageBytes, answerDelay, calls, tls);
    }

    public SipSettings withTls(SipTls sipTls) {
        return new SipSettings(bindAddress, advertisedAddress, port, rtpPortMin, rtpPortMax, rtpTimeout,
                maxMessageBytes, answerDelay, maxCalls, sipTls);
    }
}
