package jp.uketsuke.telephony.peers;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Sends hand-made (often broken) SIP bytes, the way an attacker or a buggy peer would. */
public final class RawSip {

    private RawSip() {
    }

    /** Sends one datagram and returns the first response line within two seconds, or null. */
    public static String udp(int port, byte[] message) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(2000);
            socket.send(new DatagramPacket(message, message.length, InetAddress.getLoopbackAddress(), port));
            byte[] buffer = new byte[8192];
            DatagramPacket response = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(response);
            } catch (SocketTimeoutException none) {
                return null;
            }
            return firstLine(new String(buffer, 0, response.getLength(), StandardCharsets.ISO_8859_1));
        }
    }

    /** Sends one datagram from {@code local} (any loopback address) and returns the first response line within two seconds, or null. */
    public static String udpFrom(InetAddress local, int port, byte[] message) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(local, 0))) {
            socket.setSoTimeout(2000);
            socket.send(new DatagramPacket(message, message.length, InetAddress.getLoopbackAddress(), port));
            byte[] buffer = new byte[8192];
            DatagramPacket response = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(response);
            } catch (SocketTimeoutException none) {
                return null;
            }
            return firstLine(new String(buffer, 0, response.getLength(), StandardCharsets.ISO_8859_1));
        }
    }

    /** An OPTIONS request from {@code local}, with extra header lines (each ending in CRLF) before the blank line. */
    public static String options(String transport, int serverPort, InetAddress local, String callId, String extraHeaders) {
        return "OPTIONS sip:200@127.0.0.1:" + serverPort + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " " + local.getHostAddress() + ":5999;rport;branch=z9hG4bK" + callId + "\r\n"
                + "From: <sip:monitor@" + local.getHostAddress() + ">;tag=raw" + callId + "\r\n"
                + "To: <sip:200@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Max-Forwards: 70\r\n"
                + extraHeaders
                + "Content-Length: 0\r\n\r\n";
    }

    /** Sends one datagram without waiting for anything. */
    public static void udpNoWait(int port, byte[] message) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.send(new DatagramPacket(message, message.length, InetAddress.getLoopbackAddress(), port));
        }
    }

    /** Sends one datagram and returns the first final (non-1xx) response line within three seconds, or null. */
    public static String finalResponse(int port, byte[] message) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(3000);
            socket.send(new DatagramPacket(message, message.length, InetAddress.getLoopbackAddress(), port));
            byte[] buffer = new byte[8192];
            while (true) {
                DatagramPacket response = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(response);
                } catch (SocketTimeoutException none) {
                    return null;
                }
                String line = firstLine(new String(buffer, 0, response.getLength(), StandardCharsets.ISO_8859_1));
                if (!line.startsWith("SIP/2.0 1")) {
                    return line;
                }
            }
        }
    }

    /** Writes bytes on a TCP connection; returns the first response line, or null if none or closed. */
    public static String tcp(int port, byte[] message) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(3000);
            socket.getOutputStream().write(message);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                int read = in.read(buffer);
                return read <= 0 ? null : firstLine(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
            } catch (SocketTimeoutException | java.net.SocketException none) {
                return null;
            }
        }
    }

    /** As {@link #tcp}, connecting from {@code local}. */
    public static String tcpFrom(InetAddress local, int port, byte[] message) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port, local, 0)) {
            socket.setSoTimeout(3000);
            try {
                socket.getOutputStream().write(message);
                socket.getOutputStream().flush();
                byte[] buffer = new byte[8192];
                int read = socket.getInputStream().read(buffer);
                return read <= 0 ? null : firstLine(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
            } catch (SocketTimeoutException | java.net.SocketException none) {
                return null;
            }
        }
    }

    /** A well-formed INVITE for UDP, with {@code body} as SDP; {@code mutate} edits the headers. */
    public static String invite(String transport, int serverPort, String callId, String body) {
        return "INVITE sip:200@127.0.0.1:" + serverPort + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " 127.0.0.1:5999;rport;branch=z9hG4bK" + callId + "\r\n"
                + "From: <sip:0312345678@127.0.0.1>;tag=raw" + callId + "\r\n"
                + "To: <sip:200@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:raw@127.0.0.1:5999>\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Type: application/sdp\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n"
                + body;
    }

    private static String firstLine(String text) {
        int end = text.indexOf("\r\n");
        return end < 0 ? text : text.substring(0, end);
    }
}
