package jp.uketsuke.telephony;

import jp.uketsuke.telephony.peers.LoopbackTrunk;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jp.uketsuke.telephony.peers.RawSip;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The guard's per-message and per-source limits, against a running server over real UDP and TCP. */
@Timeout(120)
class GuardLimitsTest {

    private static final String SDP = "v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0\r\n";
    private final Receptionist receptionist = new Receptionist();
    private SipServer server;

    @BeforeEach
    void startServer() throws Exception {
        FloodLimits limits = FloodLimits.defaults().withMaxHeaders(40).withMaxDialogsPerSource(2)
                .withMaxConnectionsPerSource(3);
        server = new SipServer(SipSettings.defaults().withBindAddress("127.0.0.1").withPort(0)
                .withRtpPorts(35000, 35999).withMaxMessageBytes(4096).withAnswerDelay(Duration.ofSeconds(30))
                .withFloodLimits(limits).withPeers(LoopbackTrunk.peers("127.0.0.15")), receptionist);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String filler(int headers, int length) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < headers; i++) {
            lines.append("X-Filler-").append(i).append(": ").append("a".repeat(length)).append("\r\n");
        }
        return lines.toString();
    }

    @Test
    void datagramOverTheSizeLimitIsDroppedUnparsed() throws Exception {
        InetAddress source = InetAddress.getByName("127.0.0.11");
        String big = RawSip.options("UDP", server.port(), source, "big1", filler(10, 500));
        assertThat(big.length()).isGreaterThan(4096);
        assertThat(RawSip.udpFrom(source, server.port(), bytes(big))).isNull();
        String small = RawSip.options("UDP", server.port(), source, "small1", filler(5, 500));
        assertThat(small.length()).isLessThan(4096);
        assertThat(RawSip.udpFrom(source, server.port(), bytes(small))).startsWith("SIP/2.0 200");
        assertThat(server.metrics().dropped(SipDropReason.TOO_LARGE)).isEqualTo(1);
    }

    @Test
    void tcpMessageOverTheSizeLimitLosesItsConnectionUnanswered() throws Exception {
        InetAddress source = InetAddress.getByName("127.0.0.12");
        String bigHeaders = RawSip.options("TCP", server.port(), source, "bigtcp1", filler(10, 500));
        assertThat(readUntilClosed(source, bytes(bigHeaders))).as("answer to 5 kB of headers").isEmpty();
        // a Content-Length far beyond the limit, with the body still coming: cut before any of it is kept
        String bigBody = RawSip.invite("TCP", server.port(), "bigtcp2", SDP).replaceFirst("Content-Length: \\d+",
                "Content-Length: 99999999");
        assertThat(readUntilClosed(source, bytes(bigBody))).as("answer to a 99999999-octet body").isEmpty();
        // the body's size is known from the header section, so that cut is the guard's; the stack may cut an
        // overlong header section itself first
        assertThat(server.metrics().dropped(SipDropReason.TOO_LARGE)).isPositive();
        assertThat(receptionist.incoming.get()).isZero();
    }

    @Test
    void manyMessagesOnOneConnectionAreAllAnswered() throws Exception {
        // together far over the size limit, each well within it: the limit is per message, not per connection
        InetAddress source = InetAddress.getByName("127.0.0.18");
        int messages = 12;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port(), source, 0)) {
            socket.setSoTimeout(5000);
            StringBuilder answers = new StringBuilder();
            byte[] buffer = new byte[8192];
            for (int i = 0; i < messages; i++) {
                String options = RawSip.options("TCP", server.port(), source, "pipe" + i, filler(i % 2 == 0 ? 0 : 3, 500));
                socket.getOutputStream().write(bytes(options));
                while (answers.toString().split("SIP/2.0 200", -1).length - 1 < i + 1) {
                    int read = socket.getInputStream().read(buffer);
                    assertThat(read).as("connection open after %d answers", i).isPositive();
                    answers.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
                }
            }
        }
        assertThat(server.metrics().dropped(SipDropReason.TOO_LARGE)).isZero();
    }

    @Test
    void requestWithTooManyHeadersIsDropped() throws Exception {
        InetAddress source = InetAddress.getByName("127.0.0.13");
        String many = RawSip.options("UDP", server.port(), source, "many1", filler(60, 2));
        assertThat(many.length()).isLessThan(4096);
        assertThat(RawSip.udpFrom(source, server.port(), bytes(many))).isNull();
        String manyVias = RawSip.options("UDP", server.port(), source, "many2",
                ("Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKx," + "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKy,".repeat(40)
                        + "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKz\r\n"));
        assertThat(RawSip.udpFrom(source, server.port(), bytes(manyVias))).isNull();
        assertThat(server.metrics().dropped(SipDropReason.TOO_MANY_HEADERS)).isEqualTo(2);
        String fine = RawSip.options("UDP", server.port(), source, "fine1", filler(20, 2));
        assertThat(RawSip.udpFrom(source, server.port(), bytes(fine))).startsWith("SIP/2.0 200");
    }

    @Test
    void callsPerSourceAreLimitedForStrangersButNotForATrunk() throws Exception {
        // a stranger is refused before it can hold a call: the per-source call limit protects against staff phones
        // (SourceGuardTest counts the slots); a trunk carries a carrier's many callers, so its sources are exempt
        InetAddress stranger = InetAddress.getByName("127.0.0.14");
        assertThat(answerFrom(stranger, inviteFrom(stranger, "stranger1"))).startsWith("SIP/2.0 403");
        InetAddress trunk = InetAddress.getByName("127.0.0.15");
        for (int i = 1; i <= 3; i++) {
            assertThat(answerFrom(trunk, inviteFrom(trunk, "trunk" + i))).as("call %d", i).startsWith("SIP/2.0 180");
        }
        assertThat(server.metrics().dropped(SipDropReason.DIALOG_LIMIT)).isZero();
        assertThat(server.metrics().invitesForbidden()).isEqualTo(1);
        assertThat(server.metrics().callsActive()).isEqualTo(3);
    }

    @Test
    void connectionsBeyondTheSourceLimitAreClosedAtOnce() throws Exception {
        InetAddress source = InetAddress.getByName("127.0.0.16");
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                held.add(new Socket(InetAddress.getLoopbackAddress(), server.port(), source, 0));
            }
            // the stack takes a moment to accept; the fourth is closed by the server without a byte
            try (Socket extra = new Socket(InetAddress.getLoopbackAddress(), server.port(), source, 0)) {
                extra.setSoTimeout(5000);
                InputStream in = extra.getInputStream();
                int read;
                try {
                    read = in.read();
                } catch (SocketTimeoutException stillOpen) {
                    read = -2;
                } catch (java.net.SocketException reset) {
                    read = -1;
                }
                assertThat(read).as("the fourth connection is closed by the server").isEqualTo(-1);
            }
            InetAddress other = InetAddress.getByName("127.0.0.17");
            String ping = RawSip.options("TCP", server.port(), other, "tcp-other", "");
            assertThat(RawSip.tcpFrom(other, server.port(), bytes(ping))).startsWith("SIP/2.0 200");
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        assertThat(server.metrics().dropped(SipDropReason.CONNECTION_LIMIT)).isEqualTo(1);
    }

    /** Writes {@code message}, then reads until the server closes the connection (at most ten seconds). */
    private String readUntilClosed(InetAddress source, byte[] message) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port(), source, 0)) {
            socket.setSoTimeout(10_000);
            StringBuilder received = new StringBuilder();
            try {
                socket.getOutputStream().write(message);
                // keep sending, as a peer streaming a huge body would, until the server hangs up
                for (int i = 0; i < 50; i++) {
                    socket.getOutputStream().write(new byte[1024]);
                }
            } catch (java.io.IOException cutWhileWriting) {
                return received.toString();
            }
            byte[] buffer = new byte[8192];
            while (true) {
                int read;
                try {
                    read = socket.getInputStream().read(buffer);
                } catch (SocketTimeoutException stillOpen) {
                    throw new AssertionError("the server kept the connection open; received: " + received);
                } catch (java.net.SocketException reset) {
                    return received.toString();
                }
                if (read < 0) {
                    return received.toString();
                }
                received.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
            }
        }
    }

    private String inviteFrom(InetAddress source, String callId) {
        return RawSip.invite("UDP", server.port(), callId, SDP).replace("127.0.0.1:5999", source.getHostAddress() + ":5999");
    }

    /** The first answer other than 100 Trying within ten seconds (a cold JVM is slow), sent from {@code source}. */
    private String answerFrom(InetAddress source, String message) throws Exception {
        try (var socket = new java.net.DatagramSocket(new java.net.InetSocketAddress(source, 0))) {
            socket.setSoTimeout(10_000);
            byte[] data = bytes(message);
            socket.send(new java.net.DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), server.port()));
            byte[] buffer = new byte[8192];
            while (true) {
                var packet = new java.net.DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException none) {
                    return null;
                }
                String line = new String(buffer, 0, packet.getLength(), StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
                if (!line.startsWith("SIP/2.0 100")) {
                    return line;
                }
            }
        }
    }
}
