package jp.uketsuke.switchboard.internal;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import jp.uketsuke.telephony.LegOutcome;
import jp.uketsuke.telephony.OutboundLegMetrics;
import jp.uketsuke.telephony.OverloadReason;
import jp.uketsuke.telephony.RtpDropReason;
import jp.uketsuke.telephony.SipDropReason;
import jp.uketsuke.telephony.SipServer;
import jp.uketsuke.telephony.StreamQuality;
import jp.uketsuke.telephony.TelephonyMetrics;

/**
 * The telephony module's counters as Micrometer meters (exported at /actuator/prometheus). Labels are
 * status codes and reasons only: never a number, an address or anything else about a caller.
 */
final class TelephonyMeters implements AutoCloseable {

    /** One snapshot serves every meter of a scrape; building it walks the guard's table of sources. */
    private static final long SNAPSHOT_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Bucket bounds of the per-stream jitter distribution, in ms: 20 ms is a packet's length and the usual alarm. */
    private static final double[] JITTER_BUCKETS_MS = {1, 2, 5, 10, 20, 30, 50, 100, 200};

    private final SipServer server;
    private final MeterRegistry meters;
    private final Set<Integer> registeredCodes = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("telephony-meters").daemon().factory());
    private final DistributionSummary inboundJitter;
    private final DistributionSummary outboundJitter;
    private TelephonyMetrics snapshot;
    private long snapshotAt;

    TelephonyMeters(SipServer server, MeterRegistry meters) {
        this.server = server;
        this.meters = meters;
        gauge("uketsuke.calls.active", "calls ringing or answered now", TelephonyMetrics::callsActive);
        counter("uketsuke.calls", "calls offered (INVITEs that created a call)", TelephonyMetrics::callsTotal);
        gauge("uketsuke.calls.setup", "calls taken from the network, not yet ringing or refused",
                TelephonyMetrics::callsInSetup);
        gauge("uketsuke.sip.queue.wait.seconds", "how long the oldest SIP datagram waiting for the stack has waited"
                + " (UDP; -0.001 when not watched)", m -> m.sipQueueWaitMillis() / 1000.0);
        for (OverloadReason reason : OverloadReason.values()) {
            FunctionCounter.builder("uketsuke.calls.refused", this, m -> m.current().refused(reason))
                    .description("new calls refused with 503 and Retry-After because the server was full")
                    .tag("reason", label(reason)).register(meters);
        }
        counter("uketsuke.rtp.packets.in", "RTP datagrams received", TelephonyMetrics::rtpPacketsIn);
        counter("uketsuke.rtp.packets.out", "RTP packets sent", TelephonyMetrics::rtpPacketsOut);
        for (RtpDropReason reason : RtpDropReason.values()) {
            FunctionCounter.builder("uketsuke.rtp.packets.dropped", this, m -> m.current().dropped(reason))
                    .description("RTP datagrams received but not used").tag("reason", label(reason))
                    .register(meters);
        }
        counter("uketsuke.rtp.packets.expected", "caller RTP packets sent by sequence number, ended calls",
                TelephonyMetrics::rtpPacketsExpected);
        counter("uketsuke.rtp.packets.lost", "caller RTP packets lost (RFC 3550), ended calls",
                TelephonyMetrics::rtpPacketsLost);
        FunctionTimer.builder("uketsuke.rtp.jitter", this, m -> m.current().rtpStreamsMeasured(),
                        m -> m.current().rtpJitterSecondsSum(), TimeUnit.SECONDS)
                .description("final interarrival jitter (RFC 3550) of each ended call, summed").register(meters);
        inboundJitter = jitterSummary("inbound", meters);
        outboundJitter = jitterSummary("outbound", meters);
        server.onStreamEnded(this::streamEnded);
        for (SipDropReason reason : SipDropReason.values()) {
            FunctionCounter.builder("uketsuke.sip.dropped", this, m -> m.current().dropped(reason))
                    .description("SIP messages or connections dropped or refused by the guard")
                    .tag("reason", label(reason)).register(meters);
        }
        gauge("uketsuke.sip.sources.blocked", "source addresses blocked now", TelephonyMetrics::sipSourcesBlocked);
        counter("uketsuke.sip.blocks", "times a source address was blocked", TelephonyMetrics::sipBlocksTotal);
        counter("uketsuke.sip.authentication.failures", "failed SIP authentications",
                TelephonyMetrics::authenticationFailures);
        counter("uketsuke.sip.invites.forbidden", "INVITEs refused with 403 (not from a trunk or a staff phone)",
                TelephonyMetrics::invitesForbidden);
        gauge("uketsuke.sip.registrations.active", "staff-phone contacts registered now",
                TelephonyMetrics::registrationsActive);
        counter("uketsuke.sip.sessions.expired", "calls ended because their session timer ran out",
                TelephonyMetrics::sessionsExpired);
        FunctionCounter.builder("uketsuke.sip.tls.handshakes.failed", server, SipServer::tlsHandshakeFailures)
                .description("TLS handshakes on the SIP TLS port that failed or timed out").register(meters);
        legCounter("uketsuke.outbound.legs.started", "outbound legs asked for (transfers to numbers and phones)",
                OutboundLegMetrics::started);
        for (LegOutcome outcome : LegOutcome.values()) {
            FunctionCounter.builder("uketsuke.outbound.legs.settled", this,
                            m -> m.current().outboundLegs().settled(outcome))
                    .description("outbound legs by how they were settled (rejections by status class)")
                    .tag("outcome", label(outcome)).register(meters);
        }
        Gauge.builder("uketsuke.outbound.legs.active", this, m -> m.current().outboundLegs().active())
                .description("outbound legs answered and not yet ended").register(meters);
        legCounter("uketsuke.outbound.rtp.packets.in", "RTP datagrams received on outbound legs",
                OutboundLegMetrics::rtpPacketsIn);
        legCounter("uketsuke.outbound.rtp.packets.out", "RTP packets sent on outbound legs",
                OutboundLegMetrics::rtpPacketsOut);
        legCounter("uketsuke.outbound.rtp.packets.expected", "callee RTP packets sent by sequence number, ended legs",
                OutboundLegMetrics::rtpPacketsExpected);
        legCounter("uketsuke.outbound.rtp.packets.lost", "callee RTP packets lost (RFC 3550), ended legs",
                OutboundLegMetrics::rtpPacketsLost);
        FunctionCounter.builder("uketsuke.sip.tls.peers.refused", server, SipServer::tlsPeersRefused)
                .description("TLS connections we opened (to trunks) refused: certificate not trusted or not naming "
                        + "the host").register(meters);
        registerNewResponseCodes();
        // status codes are known only once sent; a new one gets its counter within seconds
        refresher.scheduleWithFixedDelay(this::registerNewResponseCodes, 5, 5, TimeUnit.SECONDS);
    }

    private void registerNewResponseCodes() {
        try {
            for (Integer code : current().sipResponsesSent().keySet()) {
                if (registeredCodes.add(code)) {
                    FunctionCounter.builder("uketsuke.sip.responses", this, m -> m.current().responsesSent(code))
                            .description("SIP responses sent").tag("code", String.valueOf(code)).register(meters);
                }
            }
        } catch (RuntimeException e) {
            // the next round tries again; a failed round must not end the schedule
        }
    }

    private static DistributionSummary jitterSummary(String leg, MeterRegistry meters) {
        return DistributionSummary.builder("uketsuke.rtp.stream.jitter")
                .description("final interarrival jitter (RFC 3550) of each far end's stream, as its call or leg ends")
                .baseUnit("milliseconds").tag("leg", leg).serviceLevelObjectives(JITTER_BUCKETS_MS).register(meters);
    }

    /** Called on a media thread as a stream ends: one sample, nothing more. */
    private void streamEnded(StreamQuality quality) {
        if (quality.jitterMeasured()) {
            (quality.outboundLeg() ? outboundJitter : inboundJitter).record(quality.jitterSeconds() * 1000.0);
        }
    }

    private void legCounter(String name, String description, ToDoubleFunction<OutboundLegMetrics> value) {
        FunctionCounter.builder(name, this, m -> value.applyAsDouble(m.current().outboundLegs()))
                .description(description).register(meters);
    }

    private synchronized TelephonyMetrics current() {
        long now = System.nanoTime();
        if (snapshot == null || now - snapshotAt > SNAPSHOT_NANOS) {
            snapshot = server.metrics();
            snapshotAt = now;
        }
        return snapshot;
    }

    private void gauge(String name, String description, ToDoubleFunction<TelephonyMetrics> value) {
        Gauge.builder(name, this, m -> value.applyAsDouble(m.current())).description(description).register(meters);
    }

    private void counter(String name, String description, ToDoubleFunction<TelephonyMetrics> value) {
        FunctionCounter.builder(name, this, m -> value.applyAsDouble(m.current())).description(description)
                .register(meters);
    }

    private static String label(Enum<?> reason) {
        return reason.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        server.onStreamEnded(null);
        refresher.shutdownNow();
    }
}
