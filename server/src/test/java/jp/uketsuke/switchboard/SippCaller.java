package jp.uketsuke.switchboard;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import jp.uketsuke.testing.ExternalProgram;
import jp.uketsuke.testing.FreePorts;

/** A caller played by SIPp (Debian sip-tester), with a media port the test listens on. */
final class SippCaller {

    private SippCaller() {
    }

    /** A scenario from src/test/resources/sipp, edited for this run (e.g. the caller's media port). */
    static Path scenario(String name, UnaryOperator<String> edit) throws IOException {
        try (var in = SippCaller.class.getResourceAsStream("/sipp/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            Path file = Files.createTempFile("sipp-", "-" + name);
            Files.writeString(file, edit.apply(text), StandardCharsets.ISO_8859_1);
            return file;
        }
    }

    /** Places one call with SIPp; returns its exit status (0: the call went as the scenario says). */
    static int call(int sipPort, Path scenario, String dialed) throws IOException, InterruptedException {
        String sipp = ExternalProgram.require("sipp", "sip-tester");
        Path log = Files.createTempFile("sipp-", ".log");
        int exit = ExternalProgram.run(List.of(sipp, "127.0.0.1:" + sipPort, "-sf", scenario.toString(),
                        "-s", dialed, "-m", "1", "-i", "127.0.0.1", "-p", String.valueOf(FreePorts.udpAndTcp()),
                        "-mi", "127.0.0.1", "-mp", String.valueOf(FreePorts.udpAndTcp()),
                        "-timeout", "120s", "-timeout_error", "-nostdin", "-trace_err",
                        "-error_file", log + ".errors"),
                log, Duration.ofSeconds(150));
        if (exit != 0) {
            System.err.println("SIPp output:\n" + ExternalProgram.tail(log) + "\nerrors:\n"
                    + ExternalProgram.tail(Path.of(log + ".errors")));
        }
        return exit;
    }

    /** The caller's media port: counts G.711 packets that carry audible sound. */
    static final class Media implements AutoCloseable {

        private final DatagramSocket socket;
        private final AtomicInteger audible = new AtomicInteger();
        private final Thread reader;

        Media() throws SocketException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            reader = Thread.ofVirtual().start(this::read);
        }

        int port() {
            return socket.getLocalPort();
        }

        int audiblePackets() {
            return audible.get();
        }

        private void read() {
            byte[] buffer = new byte[2048];
            while (!socket.isClosed()) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (IOException closed) {
                    return;
                }
                int payloadType = buffer[1] & 0x7f;
                if (packet.getLength() > 12 && (payloadType == 0 || payloadType == 8) && peak(buffer, packet.getLength(), payloadType) > 1000) {
                    audible.incrementAndGet();
                }
            }
        }

        private static int peak(byte[] packet, int length, int payloadType) {
            int peak = 0;
            for (int i = 12; i < length; i++) {
                peak = Math.max(peak, Math.abs(payloadType == 0 ? ulaw(packet[i]) : alaw(packet[i])));
            }
            return peak;
        }

        // G.711 decoding, from the definition (ITU-T G.711), so the check does not rely on the code under test.
        private static int ulaw(byte code) {
            int u = ~code & 0xff;
            int magnitude = (((u & 0x0f) << 3) + 0x84) << ((u >> 4) & 0x07);
            return (u & 0x80) != 0 ? 0x84 - magnitude : magnitude - 0x84;
        }

        private static int alaw(byte code) {
            int a = (code & 0xff) ^ 0x55;
            int exponent = (a >> 4) & 0x07;
            int magnitude = exponent == 0 ? ((a & 0x0f) << 4) + 8 : (((a & 0x0f) << 4) + 0x108) << (exponent - 1);
            return (a & 0x80) != 0 ? magnitude : -magnitude;
        }

        @Override
        public void close() throws InterruptedException {
            socket.close();
            reader.join(Duration.ofSeconds(2));
        }
    }
}
