package jp.uketsuke.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import jp.uketsuke.telephony.internal.codec.MuLaw;
import jp.uketsuke.telephony.peers.FreePorts;
import jp.uketsuke.telephony.peers.LoopbackTrunk;
import jp.uketsuke.telephony.peers.Sipp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Calls placed by the real SIPp against a real {@link SipServer} on loopback. */
@Timeout(120)
class SipServerSippTest {

    private final Receptionist receptionist = new Receptionist();
    private SipServer server;

    @BeforeAll
    static void sippIsInstalled() {
        Sipp.requireInstalled();
    }

    @BeforeEach
    void startServer() throws Exception {
        server = new SipServer(SipSettings.defaults().withBindAddress("127.0.0.1").withPort(0)
                .withPeers(LoopbackTrunk.peers()).withRtpPorts(31000, 31999), receptionist);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void callerPressingOneIsReportedOnceAndHearsTheBot() throws Exception {
        int callerRtpPort = FreePorts.udpPair();
        try (DatagramSocket callerMedia = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                callerRtpPort))) {
            Sipp.Result result = Sipp.call("uac_dtmf.xml", server.port(), "200",
                    Sipp.vars("rtpport", String.valueOf(callerRtpPort)));
            assertThat(result.succeeded()).as(result.output()).isTrue();

            Receptionist.Report report = receptionist.nextReport(Duration.ofSeconds(10));
            assertThat(report).isNotNull();
            assertThat(report.codec()).isEqualTo("PCMU");
            assertThat(report.digits()).isEqualTo("1");
            assertThat(report.endReason()).isEqualTo("caller hung up");
            assertThat(report.endedEvents()).isEqualTo(1);
            assertThat(report.recorderClosed()).isTrue();
            assertThat(report.recorderFrames()).isGreaterThan(50);

            assertThat(loudestReceivedRms(callerMedia)).as("tone heard by the caller").isGreaterThan(2000);
        }
        assertThat(server.metrics().callsActive()).isZero();
        assertThat(server.metrics().rtpPacketsOut()).isGreaterThan(50);
    }

    @Test
    void sessionReturningHangsUpWithBye() throws Exception {
        Sipp.Result result = Sipp.call("uac_server_bye.xml", server.port(), "hangup",
                Sipp.vars("rtpport", String.valueOf(FreePorts.udpPair())));
        assertThat(result.succeeded()).as(result.output()).isTrue();
    }

    @Test
    void failingSessionStillHangsUpCleanly() throws Exception {
        Sipp.Result result = Sipp.call("uac_server_bye.xml", server.port(), "boom",
                Sipp.vars("rtpport", String.valueOf(FreePorts.udpPair())));
        assertThat(result.succeeded()).as(result.output()).isTrue();
    }

    @Test
    void unknownNumberIsRejectedWithTheListenersStatus() throws Exception {
        Sipp.Result result = Sipp.call("uac_rejected.xml", server.port(), "404",
                Sipp.vars("rtpport", String.valueOf(FreePorts.udpPair())));
        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(receptionist.requests.poll().callerNumber()).isEqualTo("0312345678");
    }

    @Test
    void offerWithoutACommonCodecGets488() throws Exception {
        Sipp.Result result = Sipp.call("uac_no_common_codec.xml", server.port(), "200",
                Sipp.vars("rtpport", String.valueOf(FreePorts.udpPair())));
        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(receptionist.incoming.get()).as("the application is not asked").isZero();
    }

    @Test
    void optionsIsAnsweredWithAllow() throws Exception {
        Sipp.Result result = Sipp.call("uac_options.xml", server.port(), "200", Sipp.vars());
        assertThat(result.succeeded()).as(result.output()).isTrue();
    }

    @Test
    void cancelWhileRingingGets487() throws Exception {
        server.close();
        server = new SipServer(SipSettings.defaults().withBindAddress("127.0.0.1").withPort(0)
                .withPeers(LoopbackTrunk.peers()).withRtpPorts(31000, 31999).withAnswerDelay(Duration.ofSeconds(5)),
                receptionist);
        server.start();
        Sipp.Result result = Sipp.call("uac_cancel.xml", server.port(), "200",
                Sipp.vars("rtpport", String.valueOf(FreePorts.udpPair())));
        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(server.metrics().callsActive()).isZero();
    }

    @Test
    void aCallerWhoseAudioStopsIsHungUpAndTheCallEndsCleanly() throws Exception {
        server.close();
        server = new SipServer(SipSettings.defaults().withBindAddress("127.0.0.1").withPort(0)
                .withPeers(LoopbackTrunk.peers()).withRtpPorts(31000, 31999).withRtpTimeout(Duration.ofSeconds(2)),
                receptionist);
        server.start();
        // SIPp sends no RTP at all and never hangs up: it waits for our BYE
        Sipp.Result result = Sipp.call("uac_server_bye.xml", server.port(), "200",
                Sipp.vars("rtpport", String.valueOf(FreePorts.udpPair())));
        assertThat(result.succeeded()).as(result.output()).isTrue();
        Receptionist.Report report = receptionist.nextReport(Duration.ofSeconds(10));
        assertThat(report).isNotNull();
        assertThat(report.endReason()).isEqualTo("no RTP from the caller");
        assertThat(report.endedEvents()).isEqualTo(1);
        assertThat(report.recorderClosed()).isTrue();
        assertThat(server.metrics().callsActive()).isZero();
    }

    /** Reads what the server sent to the caller's media port and returns the loudest 20 ms. */
    static double loudestReceivedRms(DatagramSocket socket) throws Exception {
        socket.setSoTimeout(300);
        byte[] buffer = new byte[2048];
        double loudest = 0;
        try {
            for (int i = 0; i < 1000; i++) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                if (packet.getLength() <= 12 || (buffer[1] & 0x7F) != 0) {
                    continue;
                }
                short[] pcm = new short[packet.getLength() - 12];
                for (int j = 0; j < pcm.length; j++) {
                    pcm[j] = (short) MuLaw.decode(buffer[12 + j] & 0xFF);
                }
                loudest = Math.max(loudest, Receptionist.rms(pcm));
            }
        } catch (SocketTimeoutException drained) {
            // nothing more queued
        }
        return loudest;
    }
}
