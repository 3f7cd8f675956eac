package jp.uketsuke.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.uketsuke.telephony.peers.LoopbackTrunk;
import jp.uketsuke.telephony.peers.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Digest as a hand-made client does it, byte by byte on UDP: the SHA-256 challenge offered first (RFC 8760), a
 * captured request replayed, a nonce gone stale. The digests are computed here from RFC 7616, not by the code under
 * test.
 */
@Timeout(60)
class DigestReplayTest {

    private static final Pattern CHALLENGE = Pattern.compile("(?m)^WWW-Authenticate: *(.*)$");

    private final ManualClock clock = new ManualClock(Instant.parse("2025-04-01T09:00:00Z"));
    private SipServer server;
    private DatagramSocket socket;

    @BeforeEach
    void start() throws Exception {
        server = new SipServer(SipSettings.defaults().withBindAddress("127.0.0.1").withPort(0)
                .withPeers(LoopbackTrunk.peers()).withRtpPorts(37000, 37999), request -> Admission.reject(404, null),
                RegistrarSippTest::phone, clock);
        server.start();
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(3000);
    }

    @AfterEach
    void stop() {
        socket.close();
        server.close();
    }

    @Test
    void sha256IsOfferedFirstAndACapturedRequestCannotBeReplayed() throws Exception {
        String challenge = exchange(register(1, null));
        assertThat(challenge).startsWith("SIP/2.0 401");
        List<String> offers = CHALLENGE.matcher(challenge).results().map(m -> m.group(1)).toList();
        assertThat(offers).hasSize(2);
        assertThat(offers.get(0)).contains("algorithm=SHA-256");
        assertThat(offers.get(1)).contains("algorithm=MD5");
        String nonce = parameter(offers.get(0), "nonce");
        assertThat(parameter(offers.get(1), "nonce")).isEqualTo(nonce);

        String credentials = credentials("SHA-256", nonce, "00000001");
        assertThat(exchange(register(2, credentials))).startsWith("SIP/2.0 200");
        assertThat(server.registrations().contacts(RegistrarSippTest.TENANT, RegistrarSippTest.EXTENSION)).hasSize(1);

        // the very same credentials on a new request (new branch and CSeq): a replay
        assertThat(exchange(register(3, credentials))).startsWith("SIP/2.0 401");
        assertThat(server.metrics().authenticationFailures()).isEqualTo(1);

        // the phone itself counts on: accepted
        assertThat(exchange(register(4, credentials("SHA-256", nonce, "00000002")))).startsWith("SIP/2.0 200");
    }

    @Test
    void anOldNonceWithTheRightPasswordIsStaleNotAFailure() throws Exception {
        String nonce = parameter(CHALLENGE.matcher(exchange(register(1, null))).results().findFirst().orElseThrow()
                .group(1), "nonce");
        assertThat(exchange(register(2, credentials("MD5", nonce, "00000001")))).startsWith("SIP/2.0 200");

        clock.advance(Duration.ofMinutes(6));
        String stale = exchange(register(3, credentials("MD5", nonce, "00000002")));
        assertThat(stale).startsWith("SIP/2.0 401").contains("stale=true");
        assertThat(server.metrics().authenticationFailures()).isZero();

        String fresh = parameter(CHALLENGE.matcher(stale).results().findFirst().orElseThrow().group(1), "nonce");
        assertThat(fresh).isNotEqualTo(nonce);
        assertThat(exchange(register(4, credentials("MD5", fresh, "00000001")))).startsWith("SIP/2.0 200");
    }

    @Test
    void theWrongPasswordWithAFreshNonceIsAFailureNotStale() throws Exception {
        String nonce = parameter(CHALLENGE.matcher(exchange(register(1, null))).results().findFirst().orElseThrow()
                .group(1), "nonce");
        String wrong = credentials("SHA-256", nonce, "00000001").replace(response("SHA-256", nonce, "00000001",
                RegistrarSippTest.PASSWORD), response("SHA-256", nonce, "00000001", "not-the-password"));
        String answer = exchange(register(2, wrong));
        assertThat(answer).startsWith("SIP/2.0 401").doesNotContain("stale=true");
        assertThat(server.metrics().authenticationFailures()).isEqualTo(1);
        assertThat(server.registrations().ofTenant(RegistrarSippTest.TENANT)).isEmpty();
    }

    private String uri() {
        return "sip:127.0.0.1:" + server.port();
    }

    private String register(int cseq, String authorization) {
        int local = socket.getLocalPort();
        return "REGISTER " + uri() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + local + ";rport;branch=z9hG4bKreplay" + cseq + "x" + clock.millis() + "\r\n"
                + "From: <sip:201-test@127.0.0.1>;tag=replay\r\n"
                + "To: <sip:201-test@127.0.0.1>\r\n"
                + "Call-ID: replay-" + System.identityHashCode(this) + "\r\n"
                + "CSeq: " + cseq + " REGISTER\r\n"
                + "Contact: <sip:201-test@127.0.0.1:" + local + ">\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Max-Forwards: 70\r\n"
                + "Expires: 600\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private String credentials(String algorithm, String nonce, String nc) {
        return "Digest username=\"201-test\", realm=\"uketsuke\", nonce=\"" + nonce + "\", uri=\"" + uri()
                + "\", response=\"" + response(algorithm, nonce, nc, RegistrarSippTest.PASSWORD) + "\", algorithm="
                + algorithm + ", qop=auth, nc=" + nc + ", cnonce=\"0a4f113b\"";
    }

    /** RFC 7616 section 3.4.1, qop=auth. */
    private String response(String algorithm, String nonce, String nc, String password) {
        String ha1 = RegistrarSippTest.hex(algorithm, "201-test:uketsuke:" + password);
        String ha2 = RegistrarSippTest.hex(algorithm, "REGISTER:" + uri());
        return RegistrarSippTest.hex(algorithm, ha1 + ":" + nonce + ":" + nc + ":0a4f113b:auth:" + ha2);
    }

    private static String parameter(String challenge, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(challenge);
        assertThat(m.find()).as(name + " in " + challenge).isTrue();
        return m.group(1);
    }

    /** Sends a request and returns the whole final response. */
    private String exchange(String request) throws Exception {
        byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), server.port()));
        byte[] buffer = new byte[8192];
        while (true) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            socket.receive(packet);
            String text = new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8);
            if (!text.startsWith("SIP/2.0 1")) {
                return text;
            }
        }
    }
}
