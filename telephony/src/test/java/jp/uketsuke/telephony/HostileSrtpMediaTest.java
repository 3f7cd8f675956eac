package jp.uketsuke.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jp.uketsuke.telephony.peers.LoopbackTrunk;
import jp.uketsuke.telephony.internal.codec.MuLaw;
import jp.uketsuke.telephony.internal.rtp.RtpPacket;
import jp.uketsuke.telephony.internal.srtp.SrtpMasterKey;
import jp.uketsuke.telephony.internal.srtp.SrtpSender;
import jp.uketsuke.telephony.internal.srtp.SrtpSuite;
import jp.uketsuke.telephony.peers.FreePorts;
import jp.uketsuke.telephony.peers.Sipp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIPp holds an SRTP call (its SDES key known to the test) while the test plays the caller's SRTP:
 * a good stream mixed with tampered, forged, replayed, truncated and plain packets. Only the good
 * stream may be heard, every other packet is counted, and what we send is SRTP.
 */
@Timeout(120)
class HostileSrtpMediaTest {

    private static final long CALLER_SSRC = 0x2468_ACE0L;
    private final Receptionist receptionist = new Receptionist();
    private SipServer server;

    @BeforeEach
    void startServer() throws Exception {
        Sipp.requireInstalled();
        server = new SipServer(SipSettings.defaults().withBindAddress("127.0.0.1").withPort(0).withPeers(LoopbackTrunk.peers())
                .withRtpPorts(39000, 39999), receptionist);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void onlyAuthenticPacketsOfTheCallersStreamAreHeard() throws Exception {
        String inline = SrtpSippTest.cryptoKey();
        byte[] keyAndSalt = Base64.getDecoder().decode(inline);
        SrtpSender caller = new SrtpSender(new SrtpMasterKey(SrtpSuite.AES_CM_128_HMAC_SHA1_80,
                Arrays.copyOf(keyAndSalt, 16), Arrays.copyOfRange(keyAndSalt, 16, 30)));
        int callerPort = FreePorts.udpPair();
        try (DatagramSocket media = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), callerPort))) {
            CompletableFuture<Sipp.Result> call = CompletableFuture.supplyAsync(() -> {
                try {
                    return Sipp.call("uac_savp.xml", server.port(), "200",
                            Sipp.vars("rtpport", String.valueOf(callerPort), "cryptokey", inline));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            media.setSoTimeout(10_000);
            DatagramPacket first = new DatagramPacket(new byte[2048], 2048);
            media.receive(first);
            SocketAddress server = first.getSocketAddress();
            assertThat(first.getLength()).as("12 header + 160 PCMU + 10 tag").isEqualTo(182);

            int sequence = 65_520; // crosses the sequence wrap: the rollover counter must follow
            long timestamp = 5000;
            byte[] replayable = null;
            for (int i = 0; i < 20; i++) {
                byte[] packet = caller.protect(rtp(sequence++, timestamp += 160));
                replayable = packet;
                send(media, server, packet);
                Thread.sleep(20);
            }
            byte[] tampered = caller.protect(rtp(sequence++, timestamp += 160));
            tampered[40] ^= 0x10;
            send(media, server, tampered);
            byte[] forged = Arrays.copyOf(rtp(sequence, timestamp), 182);
            send(media, server, forged);
            send(media, server, rtp(sequence, timestamp)); // plain RTP into an SRTP call
            send(media, server, replayable);
            send(media, server, Arrays.copyOf(replayable, 20));
            byte[] rtcp = Arrays.copyOf(replayable, 60);
            rtcp[1] = (byte) 200; // an SRTCP sender report on the RTP port
            send(media, server, rtcp);
            for (int i = 0; i < 20; i++) {
                send(media, server, caller.protect(rtp(sequence++, timestamp += 160)));
                Thread.sleep(20);
            }

            int received = 0;
            int srtpSized = 0;
            try {
                DatagramPacket next = new DatagramPacket(new byte[2048], 2048);
                media.setSoTimeout(500);
                while (received < 100) {
                    media.receive(next);
                    received++;
                    srtpSized += next.getLength() == 182 ? 1 : 0;
                }
            } catch (SocketTimeoutException enough) {
                // the call is over
            }
            assertThat(srtpSized).as("every packet we sent carries a tag").isEqualTo(received).isPositive();

            Sipp.Result result = call.get(60, TimeUnit.SECONDS);
            assertThat(result.succeeded()).as(result.output()).isTrue();
        }
        Receptionist.Report report = receptionist.nextReport(Duration.ofSeconds(10));
        assertThat(report.audioFrames()).isBetween(30, 41);
        assertThat(report.loudestRms()).isGreaterThan(5000);

        TelephonyMetrics metrics = server.metrics();
        assertThat(metrics.dropped(RtpDropReason.AUTHENTICATION)).as("tampered, forged, plain").isEqualTo(3);
        assertThat(metrics.dropped(RtpDropReason.DUPLICATE)).as("replayed").isEqualTo(1);
        assertThat(metrics.dropped(RtpDropReason.MALFORMED)).as("truncated, RTCP").isEqualTo(2);
    }

    private static byte[] rtp(int sequence, long timestamp) {
        byte[] payload = new byte[160];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) MuLaw.encode((int) (12000 * Math.sin(2 * Math.PI * 500 * i / 8000.0)));
        }
        return RtpPacket.build(0, false, sequence & 0xFFFF, timestamp, CALLER_SSRC, payload);
    }

    private static void send(DatagramSocket socket, SocketAddress to, byte[] data) throws Exception {
        socket.send(new DatagramPacket(data, data.length, to));
    }
}
