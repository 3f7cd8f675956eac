package jp.uketsuke.telephony;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

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
 * @param maxCalls           calls ringing, answered or being set up beyond this many at once are refused with 503
 *                           and Retry-After
 * @param peers              trunks, staff-phone registrar and session timers (who may call in, and for how long)
 * @param floodLimits        what one source address may send before the guard drops it
 * @param tls                SIP over TLS on its own port, or {@link SipTls#disabled()}
 * @param maxCallsInSetup    new calls are refused with 503 and Retry-After while this many are still being set up
 *                           (taken from the network, not yet ringing or refused): the server is then behind
 * @param overloadRetryAfter the Retry-After of those two 503s (whole seconds, at least one)
 */
public record SipSettings(String bindAddress, String advertisedAddress, int port, int rtpPortMin, int rtpPortMax,
                          Duration rtpTimeout, int maxMessageBytes, Duration answerDelay, int maxCalls,
                          PeerSettings peers, FloodLimits floodLimits, SipTls tls, int maxCallsInSetup,
                          Duration overloadRetryAfter) {

    public SipSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        advertisedAddress = advertisedAddress == null ? "" : advertisedAddress.strip();
        Objects.requireNonNull(rtpTimeout, "rtpTimeout");
        Objects.requireNonNull(answerDelay, "answerDelay");
        Objects.requireNonNull(peers, "peers");
        Objects.requireNonNull(floodLimits, "floodLimits");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(overloadRetryAfter, "overloadRetryAfter");
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
        if (maxCallsInSetup < 1 || overloadRetryAfter.toSeconds() < 1) {
            throw new IllegalArgumentException("maxCallsInSetup must be at least 1 and overloadRetryAfter one second"
                    + " or more");
        }
    }

    /**
     * Defaults that work on a laptop: all interfaces, port 5060, RTP 20000-30000, 30 s RTP timeout, 500 calls, 200 of
     * them in set-up at once (503 with Retry-After 2 s beyond); no trunks, so every INVITE gets 403 until
     * {@link #withPeers} names one.
     */
    public static SipSettings defaults() {
        return new SipSettings("0.0.0.0", "", 5060, 20000, 30000, Duration.ofSeconds(30), 16 * 1024,
                Duration.ZERO, 500, PeerSettings.defaults(), FloodLimits.defaults(), SipTls.disabled(), 200,
                Duration.ofSeconds(2));
    }

    public SipSettings withBindAddress(String address) {
        return with(s -> s.bindAddress = address);
    }

    public SipSettings withAdvertisedAddress(String address) {
        return with(s -> s.advertisedAddress = address);
    }

    public SipSettings withPort(int sipPort) {
        return with(s -> s.port = sipPort);
    }

    public SipSettings withRtpPorts(int min, int max) {
        return with(s -> {
            s.rtpPortMin = min;
            s.rtpPortMax = max;
        });
    }

    public SipSettings withRtpTimeout(Duration timeout) {
        return with(s -> s.rtpTimeout = timeout);
    }

    public SipSettings withMaxMessageBytes(int bytes) {
        return with(s -> s.maxMessageBytes = bytes);
    }

    public SipSettings withAnswerDelay(Duration delay) {
        return with(s -> s.answerDelay = delay);
    }

    public SipSettings withMaxCalls(int calls) {
        return with(s -> s.maxCalls = calls);
    }

    public SipSettings withMaxCallsInSetup(int calls) {
        return with(s -> s.maxCallsInSetup = calls);
    }

    public SipSettings withOverloadRetryAfter(Duration retryAfter) {
        return with(s -> s.overloadRetryAfter = retryAfter);
    }

    public SipSettings withPeers(PeerSettings value) {
        return with(s -> s.peers = value);
    }

    public SipSettings withFloodLimits(FloodLimits limits) {
        return with(s -> s.floodLimits = limits);
    }

    public SipSettings withTls(SipTls sipTls) {
        return with(s -> s.tls = sipTls);
    }

    /** A copy with one change: the withers name only what they change, and a new component is added in one place. */
    private SipSettings with(Consumer<Draft> change) {
        Draft draft = new Draft(this);
        change.accept(draft);
        return draft.settings();
    }

    /** The components as fields to change, then checked again by the canonical constructor. */
    private static final class Draft {
        String bindAddress;
        String advertisedAddress;
        int port;
        int rtpPortMin;
        int rtpPortMax;
        Duration rtpTimeout;
        int maxMessageBytes;
        Duration answerDelay;
        int maxCalls;
        PeerSettings peers;
        FloodLimits floodLimits;
        SipTls tls;
        int maxCallsInSetup;
        Duration overloadRetryAfter;

        Draft(SipSettings s) {
            bindAddress = s.bindAddress;
            advertisedAddress = s.advertisedAddress;
            port = s.port;
            rtpPortMin = s.rtpPortMin;
            rtpPortMax = s.rtpPortMax;
            rtpTimeout = s.rtpTimeout;
            maxMessageBytes = s.maxMessageBytes;
            answerDelay = s.answerDelay;
            maxCalls = s.maxCalls;
            peers = s.peers;
            floodLimits = s.floodLimits;
            tls = s.tls;
            maxCallsInSetup = s.maxCallsInSetup;
            overloadRetryAfter = s.overloadRetryAfter;
        }

        SipSettings settings() {
            return new SipSettings(bindAddress, advertisedAddress, port, rtpPortMin, rtpPortMax, rtpTimeout,
                    maxMessageBytes, answerDelay, maxCalls, peers, floodLimits, tls, maxCallsInSetup,
                    overloadRetryAfter);
        }
    }
}
