package jp.uketsuke.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import jp.uketsuke.telephony.peers.FreePorts;
import jp.uketsuke.telephony.peers.LoopbackTrunk;
import jp.uketsuke.telephony.peers.RawSip;
import jp.uketsuke.telephony.peers.Sipp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Broken and hostile SIP sent straight at the socket; after each, a real call must still work. */
@Timeout(120)
class HostileInputTest {

    private static final String SDP = "v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0\r\n";
    private static final Receptionist receptionist = new Receptionist();
    private static SipServer server;

    @BeforeAll
    static void start() throws Exception {
        Sipp.requireInstalled();
        server = new SipServer(SipSettings.defaults().withBindAddress("127.0.0.1").withPort(0)
                .withPeers(LoopbackTrunk.peers()).withRtpPorts(33000, 33999), receptionist);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void serverStillAnswersARealCall() throws Exception {
        Sipp.Result result = Sipp.call("uac_server_bye.xml", server.port(), "hangup",
                Sipp.vars("rtpport", String.valueOf(FreePorts.udpPair())));
        assertThat(result.succeeded()).as(result.output()).isTrue();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void garbledStartLineIsDropped() throws Exception {
        assertThat(RawSip.udp(server.port(), bytes("HELLO WORLD\r\nVia: nonsense\r\n\r\n"))).isNull();
        assertThat(RawSip.tcp(server.port(), bytes("HELLO WORLD\r\n\r\n"))).isNull();
    }

    @Test
    void requestWithoutCallIdIsRefused() throws Exception {
        String invite = RawSip.invite("UDP", server.port(), "nocallid1", SDP).replace("Call-ID: nocallid1\r\n", "");
        // its Via asks for rport: the 400 comes back to the port it was sent from, not the Via's 5999
        assertThat(RawSip.udp(server.port(), bytes(invite))).startsWith("SIP/2.0 400");
        String overTcp = RawSip.invite("TCP", server.port(), "nocallid2", SDP).replace("Call-ID: nocallid2\r\n", "");
        assertThat(RawSip.tcp(server.port(), bytes(overTcp))).startsWith("SIP/2.0 400");
        assertThat(receptionist.requests).noneMatch(r -> r.callerNumber().isEmpty());
    }

    @Test
    void contentLengthLargerThanTheBodyIsRefused() throws Exception {
        String invite = RawSip.invite("UDP", server.port(), "hugelength1", SDP)
                .replaceFirst("Content-Length: \\d+", "Content-Length: 99999999");
        String udp = RawSip.udp(server.port(), bytes(invite));
        assertThat(udp).satisfiesAnyOf(r -> assertThat(r).isNull(), r -> assertThat(r).startsWith("SIP/2.0 4"));
        String tcpInvite = RawSip.invite("TCP", server.port(), "hugelength2", SDP)
                .replaceFirst("Content-Length: \\d+", "Content-Length: 99999999");
        String tcp = RawSip.tcp(server.port(), bytes(tcpInvite));
        assertThat(tcp).satisfiesAnyOf(r -> assertThat(r).isNull(), r -> assertThat(r).startsWith("SIP/2.0 4"));
    }

    @Test
    void invalidSdpGets400() throws Exception {
        int before = receptionist.incoming.get();
        String invite = RawSip.invite("UDP", server.port(), "badsdp1", "v=0\r\nm=audio banana RTP/AVP zero\r\n");
        assertThat(lastResponse(invite)).startsWith("SIP/2.0 400");
        String noAddress = RawSip.invite("UDP", server.port(), "badsdp2", SDP.replace("c=IN IP4 127.0.0.1\r\n", ""));
        assertThat(lastResponse(noAddress)).startsWith("SIP/2.0 400");
        String hostName = RawSip.invite("UDP", server.port(), "badsdp3", SDP.replace("c=IN IP4 127.0.0.1", "c=IN IP4 evil.example"));
        assertThat(lastResponse(hostName)).startsWith("SIP/2.0 400");
        assertThat(receptionist.incoming.get()).isEqualTo(before);
    }

    @Test
    void randomBytesAreDropped() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 50; i++) {
            byte[] junk = new byte[1 + random.nextInt(1400)];
            random.nextBytes(junk);
            RawSip.udpNoWait(server.port(), junk);
        }
        byte[] junk = new byte[4000];
        random.nextBytes(junk);
        assertThat(RawSip.tcp(server.port(), junk)).isNull();
    }

    @Test
    void unknownMethodGets501AndUnsupportedMethodGets405() throws Exception {
        String subscribe = RawSip.invite("UDP", server.port(), "m1", "").replace("INVITE", "SUBSCRIBE")
                .replace("Content-Type: application/sdp\r\n", "");
        assertThat(RawSip.udp(server.port(), bytes(subscribe))).startsWith("SIP/2.0 405");
        String unknown = RawSip.invite("UDP", server.port(), "m2", "").replace("INVITE", "FROBNICATE")
                .replace("Content-Type: application/sdp\r\n", "");
        assertThat(RawSip.udp(server.port(), bytes(unknown))).startsWith("SIP/2.0 501");
    }

    /** The final response to a request (skipping 100 Trying). */
    private String lastResponse(String message) throws Exception {
        return RawSip.finalResponse(server.port(), bytes(message));
    }
}
