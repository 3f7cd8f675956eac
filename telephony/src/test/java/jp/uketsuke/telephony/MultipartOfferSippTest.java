package jp.uketsuke.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import jp.uketsuke.telephony.peers.FreePorts;
import jp.uketsuke.telephony.peers.LoopbackTrunk;
import jp.uketsuke.telephony.peers.RawSip;
import jp.uketsuke.telephony.peers.Sipp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * INVITEs whose offer is one part of a multipart body (RFC 5621), as RFC 4475 mpart01 shows such bodies: SIPp
 * calls with the SDP behind a binary part and is answered; broken multipart bodies get 400 or 415 and never reach
 * the application.
 */
@Timeout(120)
class MultipartOfferSippTest {

    private static final String SDP = "v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0\r\n";
    private static final Receptionist receptionist = new Receptionist();
    private static SipServer server;

    @BeforeAll
    static void start() throws Exception {
        Sipp.requireInstalled();
        server = new SipServer(SipSettings.defaults().withBindAddress("127.0.0.1").withPort(0)
                .withPeers(LoopbackTrunk.peers()).withRtpPorts(34000, 34999), receptionist);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void multipartCallIsAnswered() throws Exception {
        int before = receptionist.incoming.get();
        Sipp.Result result = Sipp.call("uac_multipart.xml", server.port(), "200",
                Sipp.vars("rtpport", String.valueOf(FreePorts.udpPair())));
        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(receptionist.incoming.get()).isEqualTo(before + 1);
        Receptionist.Report report = receptionist.nextReport(Duration.ofSeconds(20));
        assertThat(report).as("the call ran and ended").isNotNull();
        assertThat(report.codec()).isEqualTo("PCMU");
    }

    @Test
    void theSdpPartOfAMultipartInviteIsAnswered() throws Exception {
        multipartCallIsAnswered();
    }

    @Test
    void brokenMultipartBodiesAreRefusedAndCallsGoOn() throws Exception {
        int before = receptionist.incoming.get();
        String parts = "--b\r\nContent-Type: application/octet-stream\r\n\r\n\u00ff\u0000\u0001\r\n"
                + "--b\r\nContent-Type: application/sdp\r\n\r\n" + SDP + "\r\n--b--\r\n";
        assertThat(invite("mp-noboundary", "multipart/mixed", parts)).startsWith("SIP/2.0 400");
        assertThat(invite("mp-otherboundary", "multipart/mixed;boundary=zz", parts)).startsWith("SIP/2.0 400");
        String noSdp = "--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b--\r\n";
        String refused = invite("mp-nosdp", "multipart/mixed;boundary=b", noSdp);
        assertThat(refused).startsWith("SIP/2.0 415");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            many.append("--b\r\nContent-Type: text/plain\r\n\r\n").append(i).append("\r\n");
        }
        many.append("--b\r\nContent-Type: application/sdp\r\n\r\n").append(SDP).append("\r\n--b--\r\n");
        assertThat(invite("mp-many", "multipart/mixed;boundary=b", many.toString())).startsWith("SIP/2.0 400");
        assertThat(receptionist.incoming.get()).as("none reached the application").isEqualTo(before);
        multipartCallIsAnswered();
    }

    /** Sends an INVITE with this Content-Type and body over UDP; its final response's status line. */
    private static String invite(String callId, String contentType, String body) throws Exception {
        byte[] raw = body.getBytes(StandardCharsets.ISO_8859_1);
        String headers = RawSip.invite("UDP", server.port(), callId, "")
                .replace("Content-Type: application/sdp", "Content-Type: " + contentType)
                .replace("Content-Length: 0", "Content-Length: " + raw.length);
        byte[] head = headers.getBytes(StandardCharsets.ISO_8859_1);
        byte[] message = new byte[head.length + raw.length];
        System.arraycopy(head, 0, message, 0, head.length);
        System.arraycopy(raw, 0, message, head.length, raw.length);
        return RawSip.finalResponse(server.port(), message);
    }
}
