package jp.uketsuke.telephony.internal.rtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ThreadLocalRandom;
import jp.uketsuke.telephony.RtpDropReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTP side of one call: one UDP port, a receiver on a virtual thread that lets only the
 * caller's stream through, and a sender the media clock drives.
 */
public final class RtpSession {

    /** Where accepted media goes. Called on the receiver thread. */
    public interface Sink {

        void audio(RtpPacket packet);

        void digit(char key);
    }

    private static final Logger log = LoggerFactory.getLogger(RtpSession.class);
    private static final int MAX_DATAGRAM = 2048;

    private final String callId;
    private final DatagramChannel channel;
    private final int localPort;
    private final RtpPortPool pool;
    private final MediaCounters counters;
    private final InetSocketAddress remote;
    private final int audioPayloadType;
    private final int eventPayloadType;
    private final TelephoneEvents events = new TelephoneEvents();
    private final ReceptionStatistics statistics = new ReceptionStatistics();
    private final long ssrc = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
    private int sequence = ThreadLocalRandom.current().nextInt(1 << 16);
    private long timestamp = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
    private boolean firstSent;
    private long callerSsrc = -1;
    private volatile long lastReceivedNanos = System.nanoTime();
    private volatile boolean closed;

    /**
     * @param remote            the caller's media address from its SDP; only its IP may send to us
     * @param eventPayloadType  negotiated telephone-event type, or -1
     */
    public RtpSession(String callId, DatagramChannel channel, RtpPortPool pool, MediaCounters counters,
                      InetSocketAddress remote, int audioPayloadType, int eventPayloadType) throws IOException {
        this.callId = callId;
        this.channel = channel;
        this.localPort = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        this.pool = pool;
        this.counters = counters;
        this.remote = remote;
        this.audioPayloadType = audioPayloadType;
        this.eventPayloadType = eventPayloadType;
    }

    public int localPort() {
        return localPort;
    }

    public long nanosSinceLastPacket() {
        return System.nanoTime() - lastReceivedNanos;
    }

    /** Starts receiving; the inactivity clock starts now too. */
    public void start(Sink sink) {
        lastReceivedNanos = System.nanoTime();
        Thread.ofVirtual().name("rtp-in-" + callId).start(() -> receive(sink));
    }

    private void receive(Sink sink) {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        InetAddress expectedSource = remote.getAddress();
        while (!closed) {
            buffer.clear();
            SocketAddress source;
            try {
                source = channel.receive(buffer);
            } catch (ClosedChannelException endOfCall) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    log.warn("call {}: RTP receive failed: {}", callId, e.getClass().getSimpleName());
                }
                return;
            }
            counters.received();
            try {
                accept(sink, buffer, expectedSource, (InetSocketAddress) source);
            } catch (RuntimeException e) {
                // the caller's bytes must never end our receiver; count and go on
                counters.dropped(RtpDropReason.MALFORMED);
            }
        }
    }

    private void accept(Sink sink, ByteBuffer buffer, InetAddress expectedSource, InetSocketAddress source) {
        if (!source.getAddress().equals(expectedSource)) {
            counters.dropped(RtpDropReason.FOREIGN_SOURCE);
            return;
        }
        RtpPacket packet = RtpPacket.parse(buffer.array(), buffer.position());
        if (packet == null) {
            counters.dropped(RtpDropReason.MALFORMED);
            return;
        }
        boolean isEvent = packet.payloadType() == eventPayloadType;
        if (packet.payloadType() != audioPayloadType && !isEvent) {
            counters.dropped(RtpDropReason.UNEXPECTED_PAYLOAD_TYPE);
            return;
        }
        if (callerSsrc < 0) {
            callerSsrc = packet.ssrc();
        } else if (packet.ssrc() != callerSsrc) {
            counters.dropped(RtpDropReason.FOREIGN_SSRC);
            return;
        }
        lastReceivedNanos = System.nanoTime();
        statistics.packet(packet.sequence(), packet.timestamp(), lastReceivedNanos, !isEvent);
        if (isEvent) {
            char key = events.accept(packet);
            if (key != 0) {
                sink.digit(key);
            }
        } else {
            sink.audio(new RtpPacket(packet.payloadType(), packet.marker(), packet.sequence(), packet.timestamp(),
                    packet.ssrc(), packet.payload(), 0, packet.payloadLength()));
        }
    }

    /** Records a packet the sink could not use. */
    public void dropped(RtpDropReason reason) {
        counters.dropped(reason);
    }

    /** Sends one encoded frame; called by the media clock only. */
    public void send(byte[] payload, int timestampStep) {
        if (closed) {
            return;
        }
        byte[] packet = RtpPacket.build(audioPayloadType, !firstSent, sequence, timestamp, ssrc, payload);
        firstSent = true;
        sequence = (sequence + 1) & 0xFFFF;
        timestamp = (timestamp + timestampStep) & 0xFFFFFFFFL;
        try {
            channel.send(ByteBuffer.wrap(packet), remote);
            counters.sent();
        } catch (IOException e) {
            // a full socket buffer or an ICMP error loses one frame, not the call
            if (!closed) {
                log.debug("call {}: RTP send failed: {}", callId, e.getClass().getSimpleName());
            }
        }
    }

    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        counters.streamEnded(statistics);
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a UDP channel has nothing to flush
        }
        pool.release(localPort);
    }
}
