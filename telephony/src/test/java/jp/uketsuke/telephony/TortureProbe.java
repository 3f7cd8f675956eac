package jp.uketsuke.telephony;

import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sends one RFC 4475 message (in the RFC's notation) over UDP or TCP and collects what comes back. */
final class TortureProbe {

    private static final Pattern HEX = Pattern.compile("<hex>([0-9A-Fa-f\\s]*)</hex>");
    private static final Pattern TOP_VIA = Pattern.compile("SIP\\s*/\\s*[0-9.]+\\s*/\\s*(\\w+)\\s+\\[client]");

    private TortureProbe() {
    }

    /** The message's bytes: lines end in CRLF, {@code <hex>} runs are raw octets, [client] is our address. */
    static byte[] decode(String notation, String client) {
        String text = notation.replace("\r\n", "\n").replace("\n", "\r\n").replace("[client]", client);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Matcher hex = HEX.matcher(text);
        int at = 0;
        while (hex.find()) {
            out.writeBytes(text.substring(at, hex.start()).getBytes(StandardCharsets.UTF_8));
            String digits = hex.group(1).replaceAll("\\s", "");
            for (int i = 0; i + 1 < digits.length(); i += 2) {
                out.write(Integer.parseInt(digits.substring(i, i + 2), 16));
            }
            at = hex.end();
        }
        out.writeBytes(text.substring(at).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** The transport the message's top Via names; TLS and the rest go over TCP as the closest we listen on. */
    static String transport(String notation) {
        Matcher via = TOP_VIA.matcher(notation);
        return via.find() && !via.group(1).equalsIgnoreCase("UDP") ? "TCP" : "UDP";
    }

    /** Status lines received within {@code waitMillis} after the last one, for a message sent over UDP. */
    static List<String> udp(int serverPort, String notation, int waitMillis) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            byte[] message = decode(notation, "127.0.0.1:" + socket.getLocalPort());
            socket.send(new DatagramPacket(message, message.length, InetAddress.getLoopbackAddress(), serverPort));
            socket.setSoTimeout(waitMillis);
            List<String> lines = new ArrayList<>();
            byte[] buffer = new byte[65536];
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException quiet) {
                    return lines;
                }
                lines.add(firstLine(new String(buffer, 0, packet.getLength(), StandardCharsets.ISO_8859_1)));
                if (isFinal(lines.getLast())) {
                    socket.setSoTimeout(300);
                }
            }
        }
    }

    /** What came back over TCP: the status lines, and whether the server closed the connection. */
    record StreamAnswer(List<String> statusLines, boolean closed) {
    }

    /** Status lines read from a TCP connection until it goes quiet or closes. */
    static List<String> tcp(int serverPort, String notation, int waitMillis) throws Exception {
        return tcpAnswer(serverPort, notation, waitMillis).statusLines();
    }

    /**
     * Sends the message over TCP (a top Via naming UDP is made to name TCP, as a client sending over TCP writes it)
     * and reads until the connection goes quiet for {@code waitMillis} or the server closes it.
     */
    static StreamAnswer tcpAnswer(int serverPort, String notation, int waitMillis) throws Exception {
        String overTcp = notation.replaceFirst("SIP/2\\.0/UDP \\[client]", "SIP/2.0/TCP [client]");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), serverPort)) {
            byte[] message = decode(overTcp, "127.0.0.1:" + socket.getLocalPort());
            socket.getOutputStream().write(message);
            socket.getOutputStream().flush();
            socket.setSoTimeout(waitMillis);
            InputStream in = socket.getInputStream();
            StringBuilder received = new StringBuilder();
            byte[] buffer = new byte[65536];
            boolean closed = false;
            while (true) {
                int read;
                try {
                    read = in.read(buffer);
                } catch (SocketTimeoutException quiet) {
                    break;
                } catch (java.net.SocketException reset) {
                    closed = true;
                    break;
                }
                if (read < 0) {
                    closed = true;
                    break;
                }
                received.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
                if (statusLines(received.toString()).stream().anyMatch(TortureProbe::isFinal)) {
                    socket.setSoTimeout(300);
                }
            }
            return new StreamAnswer(statusLines(received.toString()), closed);
        }
    }

    static boolean isFinal(String statusLine) {
        return statusLine.startsWith("SIP/2.0 ") && !statusLine.startsWith("SIP/2.0 1");
    }

    private static List<String> statusLines(String stream) {
        List<String> lines = new ArrayList<>();
        for (String line : stream.split("\r\n")) {
            if (line.startsWith("SIP/2.0 ")) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static String firstLine(String text) {
        int end = text.indexOf("\r\n");
        return end < 0 ? text : text.substring(0, end);
    }
}
