package jp.uketsuke.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jp.uketsuke.telephony.internal.codec.MuLaw;
import jp.uketsuke.telephony.peers.FreePorts;
import jp.uketsuke.telephony.peers.LoopbackTrunk;
import jp.uketsuke.telephony.peers.Sipp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIPp holds a call while the test plays the caller's RTP itself: a good stream mixed with garbage,
 * a foreign SSRC, a wrong payload type and a stranger's address. Only the good stream may get through.
 */
@Timeout(120)
class HostileMediaTest {

    private static final long CALLER_SSRC = 0x1234_5678L;
    private final Receptionist receptionist = new Receptionist();
    private SipServer server;

    @BeforeEach
    void startServer() throws Exception {
        Sipp.requireInstalled();
        server = new SipServer(SipSettings.defaults().withBindAddress("127.0.0.1").withPort(0)
                .withPeers(LoopbackTrunk.peers()).withRtpPorts(34000, 34999), receptionist);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void onlyTheCallersOwnStreamReachesTheSession() throws Exception {
        int callerPort = FreePorts.udpPair();
        try (DatagramSocket caller = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), callerPort));
             DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0))) {
            CompletableFuture<Sipp.Result> call = CompletableFuture.supplyAsync(() -> {
                try {
                    return Sipp.call("uac_hold.xml", server.port(), "200", Sipp.vars("rtpport", String.valueOf(callerPort)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            caller.setSoTimeout(10_000);
            DatagramPacket first = new DatagramPacket(new byte[2048], 2048);
            caller.receive(first);
            SocketAddress serverMedia = first.getSocketAddress();

            int sequence = 100;
            long timestamp = 5000;
            for (int i = 0; i < 20; i++) {
                send(caller, serverMedia, rtp(0, sequence++, timestamp += 160, CALLER_SSRC, loudFrame()));
                Thread.sleep(20);
            }
            Random random = new Random(1);
            byte[] junk = new byte[200];
            random.nextBytes(junk);
            send(caller, serverMedia, junk);
            send(caller, serverMedia, new byte[] {(byte) 0x80, 0, 0});
            byte[] versionOne = rtp(0, sequence, timestamp, CALLER_SSRC, loudFrame());
            versionOne[0] = 0x40;
            send(caller, serverMedia, versionOne);
            send(caller, serverMedia, rtp(0, sequence + 1, timestamp, 0xBAD, loudFrame()));
            send(caller, serverMedia, rtp(18, sequence + 2, timestamp, CALLER_SSRC, loudFrame()));
            send(stranger, serverMedia, rtp(0, sequence + 3, timestamp, CALLER_SSRC, loudFrame()));
            byte[] duplicate = rtp(0, sequence - 1, timestamp, CALLER_SSRC, loudFrame());
            send(caller, serverMedia, duplicate);
            for (int i = 0; i < 20; i++) {
                send(caller, serverMedia, rtp(0, sequence++, timestamp += 160, CALLER_SSRC, loudFrame()));
                Thread.sleep(20);
            }

            Sipp.Result result = call.get(60, TimeUnit.SECONDS);
            assertThat(result.succeeded()).as(result.output()).isTrue();
        }
        Receptionist.Report report = receptionist.nextReport(Duration.ofSeconds(10));
        assertThat(report.audioFrames()).isBetween(30, 40);
        assertThat(report.loudestRms()).isGreaterThan(5000);
        assertThat(report.endReason()).isEqualTo("caller hung up");

        TelephonyMetrics metrics = server.metrics();
        assertThat(metrics.dropped(RtpDropReason.MALFORMED)).isEqualTo(3);
        assertThat(metrics.dropped(RtpDropReason.FOREIGN_SSRC)).isEqualTo(1);
        assertThat(metrics.dropped(RtpDropReason.UNEXPECTED_PAYLOAD_TYPE)).isEqualTo(1);
        assertThat(metrics.dropped(RtpDropReason.FOREIGN_SOURCE)).isEqualTo(1);
        assertThat(metrics.dropped(RtpDropReason.DUPLICATE) + metrics.dropped(RtpDropReason.LATE)).isEqualTo(1);

        Sipp.Result after = Sipp.call("uac_server_bye.xml", server.port(), "hangup",
                Sipp.vars("rtpport", String.valueOf(FreePorts.udpPair())));
        assertThat(after.succeeded()).as(after.output()).isTrue();
    }

    private static byte[] loudFrame() {
        byte[] payload = new byte[160];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) MuLaw.encode((int) (12000 * Math.sin(2 * Math.PI * 500 * i / 8000.0)));
        }
        return payload;
    }

    private static byte[] rtp(int payloadType, int sequence, long timestamp, long ssrc, byte[] payload) {
        return jp.uketsuke.telephony.internal.rtp.RtpPacket.build(payloadType, false, sequence & 0xFFFF, timestamp, ssrc,
                payload);
    }

    private static void send(DatagramSocket socket, SocketAddress to, byte[] data) throws Exception {
        socket.send(new DatagramPacket(data, data.length, to));
    }
}
