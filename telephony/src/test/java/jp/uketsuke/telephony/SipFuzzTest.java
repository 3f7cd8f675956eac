package jp.uketsuke.telephony;

import jp.uketsuke.telephony.peers.LoopbackTrunk;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import jp.uketsuke.telephony.peers.FreePorts;
import jp.uketsuke.telephony.peers.Sipp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mutated INVITE, REGISTER, BYE, OPTIONS and CANCEL (bit flips, truncation, duplicated and removed headers,
 * huge headers, bad Content-Length, binary in SDP) and random bytes, over UDP and TCP, bounded in count and
 * time. During and after, SIPp calls succeed, no exception escapes a thread, and the server's state (calls,
 * the guard's sources and held slots, heap) returns to where it was.
 *
 * <p>Deterministic: the seed is {@code -Duketsuke.fuzz.seed} (default {@value #DEFAULT_SEED}) and is printed
 * with every failure, so a failing corpus can be replayed. Truncated TLS handshakes join when SIP over TLS does.
 */
@Timeout(300)
class SipFuzzTest {

    private static final long DEFAULT_SEED = 4475_3261L;
    private static final int UDP_MESSAGES = 4000;
    private static final int TCP_CONNECTIONS = 300;
    private static final Duration FUZZ_TIME = Duration.ofSeconds(40);
    private static final String SDP = "v=0\r\no=fuzz 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 39990 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n";

    private final long seed = Long.getLong("uketsuke.fuzz.seed", DEFAULT_SEED);
    private final List<Throwable> escaped = Collections.synchronizedList(new ArrayList<>());

    @Test
    void mutatedAndRandomMessagesNeitherCrashNorLeakNorStopCalls() throws Exception {
        Sipp.requireInstalled();
        Receptionist receptionist = new Receptionist();
        FloodLimits limits = FloodLimits.defaults().withRate(1_000_000, 1_000_000);
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> escaped.add(failure));
        try (SipServer server = new SipServer(SipSettings.defaults().withBindAddress("127.0.0.1").withPort(0)
                .withRtpPorts(37000, 37999).withFloodLimits(limits)
                .withPeers(LoopbackTrunk.peers("127.0.0.1", "127.0.0.20", "127.0.0.21")),
                request -> request.dialedNumber().equals("hangup") ? receptionist.onIncomingCall(request)
                        : Admission.reject(404, "Not Found"))) {
            server.start();
            String context = "fuzz seed " + seed + " (replay with -Duketsuke.fuzz.seed=" + seed + ")";
            assertCallSucceeds(server, context + ", before");
            long heapBefore = settledHeap();
            int stackThreadsBefore = stackThreads();

            CompletableFuture<Sipp.Result> callDuringFuzz = CompletableFuture.supplyAsync(() -> call(server));
            fuzz(server.port(), new Random(seed));
            Sipp.Result during = callDuringFuzz.get();
            assertThat(during.succeeded()).as("%s: SIPp call during the fuzzing%n%s", context, during.output()).isTrue();
            assertCallSucceeds(server, context + ", after");

            assertThat(escaped).as("%s: exceptions that escaped a thread", context).isEmpty();
            assertThat(stackThreads()).as("%s: the stack's UDP threads", context).isEqualTo(stackThreadsBefore);
            awaitBaseline(server, context);
            long heapAfter = settledHeap();
            assertThat(heapAfter - heapBefore).as("%s: heap growth in bytes", context).isLessThan(64L << 20);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    private void fuzz(int port, Random random) throws Exception {
        long deadline = System.nanoTime() + FUZZ_TIME.toNanos();
        InetAddress udpSource = InetAddress.getByName("127.0.0.20");
        InetAddress tcpSource = InetAddress.getByName("127.0.0.21");
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(udpSource, 0))) {
            for (int i = 0; i < UDP_MESSAGES && System.nanoTime() < deadline; i++) {
                byte[] message = random.nextInt(10) == 0 ? randomBytes(random, 1 + random.nextInt(1500))
                        : mutate(template(random, "UDP", socket.getLocalPort()), random);
                if (message.length > 65_000) {
                    message = java.util.Arrays.copyOf(message, 65_000);
                }
                socket.send(new DatagramPacket(message, message.length, InetAddress.getLoopbackAddress(), port));
                if (i % 50 == 0) {
                    Thread.sleep(5); // paced, so the flood limit is not what is being tested
                }
            }
        }
        for (int i = 0; i < TCP_CONNECTIONS && System.nanoTime() < deadline; i++) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port, tcpSource, 0)) {
                socket.setSoTimeout(50);
                int messages = 1 + random.nextInt(3);
                for (int m = 0; m < messages; m++) {
                    byte[] message = random.nextInt(8) == 0 ? randomBytes(random, 1 + random.nextInt(6000))
                            : mutate(template(random, "TCP", socket.getLocalPort()), random);
                    socket.getOutputStream().write(message);
                }
                try {
                    socket.getInputStream().read(new byte[4096]);
                } catch (IOException quietOrClosed) {
                    // the server may answer, stay quiet or close: all fine
                }
            } catch (IOException refusedOrReset) {
                // a connection the server cut is an answer too
            }
        }
    }

    /** A well-formed request of a random method, as a UA would send it. */
    private static String template(Random random, String transport, int localPort) {
        String callId = "fuzz" + Long.toHexString(random.nextLong());
        String method = List.of("INVITE", "REGISTER", "BYE", "OPTIONS", "CANCEL").get(random.nextInt(5));
        String body = method.equals("INVITE") ? SDP : "";
        return method + " sip:fuzz" + random.nextInt(1000) + "@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " 127.0.0.1:" + localPort + ";rport;branch=z9hG4bK" + callId + "\r\n"
                + "From: \"Fuzz\" <sip:0311112222@127.0.0.1>;tag=" + callId + "\r\n"
                + "To: <sip:fuzz@127.0.0.1>" + (method.equals("BYE") ? ";tag=peer" + callId : "") + "\r\n"
                + "Call-ID: " + callId + "@127.0.0.1\r\n"
                + "CSeq: " + (1 + random.nextInt(100)) + " " + method + "\r\n"
                + "Contact: <sip:fuzz@127.0.0.1:" + localPort + ">\r\n"
                + "Max-Forwards: 70\r\n"
                + "User-Agent: uketsuke-fuzz\r\n"
                + (method.equals("REGISTER") ? "Expires: 3600\r\n" : "")
                + (body.isEmpty() ? "" : "Content-Type: application/sdp\r\n")
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private static byte[] mutate(String message, Random random) {
        List<String> lines = new ArrayList<>(List.of(message.split("\r\n", -1)));
        int headerEnd = lines.indexOf("");
        int mutations = 1 + random.nextInt(3);
        String text = message;
        for (int m = 0; m < mutations; m++) {
            switch (random.nextInt(8)) {
                case 0 -> { // duplicate a header line
                    int at = 1 + random.nextInt(Math.max(1, headerEnd - 1));
                    lines.add(at, lines.get(at));
                    headerEnd++;
                }
                case 1 -> { // remove a header line
                    if (headerEnd > 2) {
                        lines.remove(1 + random.nextInt(headerEnd - 1));
                        headerEnd--;
                    }
                }
                case 2 -> { // a huge header
                    lines.add(1, "X-Huge: " + "A".repeat(random.nextInt(40_000)));
                    headerEnd++;
                }
                case 3 -> { // a bad Content-Length
                    String value = List.of("-1", "99999999", "abc", "4294967296", "", "12 34", "0x10")
                            .get(random.nextInt(7));
                    for (int i = 0; i < headerEnd; i++) {
                        if (lines.get(i).startsWith("Content-Length")) {
                            lines.set(i, "Content-Length: " + value);
                        }
                    }
                }
                case 4 -> { // binary in the body
                    String binary = new String(randomBytes(random, 1 + random.nextInt(300)), StandardCharsets.ISO_8859_1);
                    lines.add("a=" + binary);
                }
                case 5 -> { // garbage in a header value
                    int at = 1 + random.nextInt(Math.max(1, headerEnd - 1));
                    String line = lines.get(at);
                    int colon = Math.max(0, line.indexOf(':'));
                    lines.set(at, line.substring(0, colon + 1) + " "
                            + new String(randomBytes(random, random.nextInt(80)), StandardCharsets.ISO_8859_1));
                }
                case 6 -> { // lone line feeds instead of CRLF
                    text = null;
                }
                default -> { // nothing here; bit flips and truncation follow on the bytes
                }
            }
        }
        String joined = String.join(text == null ? "\n" : "\r\n", lines);
        byte[] bytes = joined.getBytes(StandardCharsets.ISO_8859_1);
        if (random.nextInt(3) == 0) {
            int flips = 1 + random.nextInt(8);
            for (int i = 0; i < flips; i++) {
                int at = random.nextInt(bytes.length);
                bytes[at] ^= (byte) (1 << random.nextInt(8));
            }
        }
        if (random.nextInt(4) == 0) {
            bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
        }
        return bytes;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static Sipp.Result call(SipServer server) {
        try {
            return Sipp.call("uac_server_bye.xml", server.port(), "hangup",
                    Sipp.vars("rtpport", String.valueOf(FreePorts.udpPair())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertCallSucceeds(SipServer server, String context) {
        Sipp.Result result = call(server);
        assertThat(result.succeeded()).as("%s: SIPp call%n%s", context, result.output()).isTrue();
    }

    /** Waits (at most 60 s) until no call, source, connection or dialog slot is left over. */
    private static void awaitBaseline(SipServer server, String context) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            server.guard().sweep();
            if (server.metrics().callsActive() == 0 && server.guard().heldSlots() == 0
                    && server.guard().trackedSources() == 0) {
                return;
            }
            Thread.sleep(500);
        }
        assertThat(server.metrics().callsActive()).as("%s: calls left", context).isZero();
        assertThat(server.guard().heldSlots()).as("%s: dialog and connection slots held", context).isZero();
        assertThat(server.guard().trackedSources()).as("%s: sources remembered", context).isZero();
    }

    private static long settledHeap() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static int stackThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().contains("UDPMessageChannelThread")).count();
    }

}
