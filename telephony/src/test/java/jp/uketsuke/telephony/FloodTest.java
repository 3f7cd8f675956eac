package jp.uketsuke.telephony;

import jp.uketsuke.telephony.peers.LoopbackTrunk;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import jp.uketsuke.telephony.peers.FreePorts;
import jp.uketsuke.telephony.peers.RawSip;
import jp.uketsuke.telephony.peers.Sipp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The flood proof: one loopback source (127.0.0.2) sends requests far over its limit and is blocked,
 * while SIPp on a second source (127.0.0.3) keeps completing calls. Linux routes all of 127/8 on lo.
 */
@Timeout(180)
class FloodTest {

    private static final int BURST = 40;
    private final Receptionist receptionist = new Receptionist();
    private SipServer server;

    @BeforeAll
    static void sippIsInstalled() {
        Sipp.requireInstalled();
    }

    @BeforeEach
    void startServer() throws Exception {
        FloodLimits limits = FloodLimits.defaults().withRate(20, BURST).withBlockFor(Duration.ofMinutes(5));
        server = new SipServer(SipSettings.defaults().withBindAddress("127.0.0.1").withPort(0)
                .withRtpPorts(34000, 34999).withFloodLimits(limits).withPeers(LoopbackTrunk.peers("127.0.0.3")),
                receptionist);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void flooderIsBlockedWhileAnotherSourceKeepsCalling() throws Exception {
        InetAddress flooder = InetAddress.getByName("127.0.0.2");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        Thread flood = Thread.ofPlatform().name("flooder").start(() -> flood(flooder, stop, sent, answered));
        try {
            for (int call = 0; call < 3; call++) {
                Sipp.Result result = Sipp.callFrom("127.0.0.3", "uac_server_bye.xml", server.port(), "hangup",
                        Sipp.vars("rtpport", String.valueOf(FreePorts.udpPair())));
                assertThat(result.succeeded()).as("call %d from the second source during the flood:%n%s", call,
                        result.output()).isTrue();
            }
        } finally {
            stop.set(true);
            flood.join(Duration.ofSeconds(20));
        }
        TelephonyMetrics metrics = server.metrics();
        assertThat(sent.get()).as("requests the flooder sent").isGreaterThan(20 * BURST);
        assertThat(answered.get()).as("answers the flooder got").isLessThanOrEqualTo(BURST);
        assertThat(server.guard().isBlocked(flooder)).isTrue();
        assertThat(server.guard().isBlocked(InetAddress.getByName("127.0.0.3"))).isFalse();
        assertThat(metrics.dropped(SipDropReason.RATE_LIMITED)).isEqualTo(1);
        assertThat(metrics.dropped(SipDropReason.BLOCKED)).isGreaterThan(sent.get() / 2L);
        assertThat(metrics.sipSourcesBlocked()).isEqualTo(1);
        assertThat(metrics.sipBlocksTotal()).isEqualTo(1);
        assertThat(metrics.responsesSent(200)).as("OKs: the flooder's burst and the second source's calls")
                .isLessThanOrEqualTo(BURST + 3 * 2L);
        assertThat(receptionist.incoming.get()).isEqualTo(3);

        // a blocked source gets nothing over TCP either: its connection is closed unanswered
        String tcp = RawSip.tcpFrom(flooder, server.port(),
                RawSip.options("TCP", server.port(), flooder, "flood-tcp", "").getBytes(StandardCharsets.US_ASCII));
        assertThat(tcp).isNull();
    }

    @Test
    void friendlyScannerGetsNoAnswerAndStaysIgnored() throws Exception {
        InetAddress scanner = InetAddress.getByName("127.0.0.4");
        String probe = RawSip.options("UDP", server.port(), scanner, "scan1", "User-Agent: friendly-scanner\r\n");
        assertThat(RawSip.udpFrom(scanner, server.port(), probe.getBytes(StandardCharsets.US_ASCII))).isNull();
        String disguised = RawSip.options("UDP", server.port(), scanner, "scan2", "User-Agent: Polycom\r\n");
        assertThat(RawSip.udpFrom(scanner, server.port(), disguised.getBytes(StandardCharsets.US_ASCII))).isNull();

        InetAddress phone = InetAddress.getByName("127.0.0.5");
        String ping = RawSip.options("UDP", server.port(), phone, "ping1", "User-Agent: baresip\r\n");
        assertThat(RawSip.udpFrom(phone, server.port(), ping.getBytes(StandardCharsets.US_ASCII)))
                .startsWith("SIP/2.0 200");
        TelephonyMetrics metrics = server.metrics();
        assertThat(metrics.dropped(SipDropReason.SCANNER)).isEqualTo(1);
        assertThat(metrics.dropped(SipDropReason.BLOCKED)).isEqualTo(1);
        assertThat(metrics.sipSourcesBlocked()).isEqualTo(1);
    }

    /** OPTIONS as fast as the socket takes them (bounded in count), counting what comes back. */
    private void flood(InetAddress from, AtomicBoolean stop, AtomicInteger sent, AtomicInteger answered) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(from, 0))) {
            socket.setSoTimeout(1);
            byte[] buffer = new byte[4096];
            for (int i = 0; i < 100_000 && !stop.get(); i++) {
                byte[] options = RawSip.options("UDP", server.port(), from, "flood" + i, "")
                        .getBytes(StandardCharsets.US_ASCII);
                socket.send(new DatagramPacket(options, options.length, InetAddress.getLoopbackAddress(), server.port()));
                sent.incrementAndGet();
                if (i % 4 == 0) {
                    try {
                        socket.receive(new DatagramPacket(buffer, buffer.length));
                        answered.incrementAndGet();
                    } catch (SocketTimeoutException none) {
                        // paces the flood to a few thousand a second
                    }
                }
            }
            // collect late answers to the burst
            socket.setSoTimeout(500);
            while (true) {
                try {
                    socket.receive(new DatagramPacket(buffer, buffer.length));
                    answered.incrementAndGet();
                } catch (SocketTimeoutException done) {
                    return;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
