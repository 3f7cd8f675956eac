package jp.uketsuke.telephony.peers;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The media side of a caller whose signalling SIPp does: a loopback RTP port that keeps what it hears (G.711,
 * decoded by the ITU-T definition, not by the code under test) and, if asked, answers with a PCMU tone sent to
 * wherever the other side's RTP comes from. Keys are pressed in the same stream (RFC 4733, payload type 101), as
 * a phone does, so the far end's one-source check lets them through.
 */
public final class RtpPeer implements AutoCloseable {

    private static final int MAX_SECONDS = 60;
    private static final int EVENT_PAYLOAD_TYPE = 101;
    private static final String KEYS = "0123456789*#";

    private final DatagramSocket socket;
    private final double toneHz;
    private final short[] heard = new short[8000 * MAX_SECONDS];
    private int heardLength;
    private volatile SocketAddress other;
    private final LinkedBlockingQueue<Character> keys = new LinkedBlockingQueue<>();
    private final Thread receiver;
    private final Thread sender;

    /** @param toneHz frequency of the PCMU tone to send back, or 0 for silence */
    public RtpPeer(double toneHz) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), FreePorts.udpPair()));
        this.toneHz = toneHz;
        this.receiver = Thread.ofVirtual().start(this::receive);
        this.sender = Thread.ofVirtual().start(this::send);
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Presses {@code key} (sent on the next ticks, in place of audio). */
    public void press(char key) {
        if (KEYS.indexOf(key) < 0) {
            throw new IllegalArgumentException("no such key: " + key);
        }
        keys.add(key);
    }

    /** Waits until at least {@code seconds} of audio have been heard; false when {@code timeoutSeconds} pass first. */
    public boolean awaitHeard(double seconds, int timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            synchronized (this) {
                if (heardLength >= seconds * 8000) {
                    return true;
                }
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Everything heard so far, 8 kHz. */
    public synchronized short[] heard() {
        return Arrays.copyOf(heard, heardLength);
    }

    private void receive() {
        byte[] buffer = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException closed) {
                return;
            }
            other = packet.getSocketAddress();
            int payloadType = buffer[1] & 0x7f;
            if (packet.getLength() <= 12 || payloadType != 0 && payloadType != 8) {
                continue;
            }
            synchronized (this) {
                for (int i = 12; i < packet.getLength() && heardLength < heard.length; i++) {
                    heard[heardLength++] = (short) (payloadType == 0 ? ulaw(buffer[i]) : alaw(buffer[i]));
                }
            }
        }
    }

    private void send() {
        int sequence = ThreadLocalRandom.current().nextInt(1 << 16);
        long timestamp = 0;
        long n = 0;
        long next = System.nanoTime();
        Character key = null;
        int keyPackets = 0;
        long keyTimestamp = 0;
        while (!socket.isClosed()) {
            next += 20_000_000L;
            SocketAddress to = other;
            if (key == null) {
                key = keys.poll();
                keyPackets = 0;
                keyTimestamp = timestamp;
            }
            if (to != null && key != null) {
                // RFC 4733: one timestamp for the whole press, growing duration, the last three packets marked end
                boolean end = keyPackets >= 5;
                byte[] packet = header(EVENT_PAYLOAD_TYPE, keyPackets == 0, sequence, keyTimestamp, 4);
                packet[12] = (byte) KEYS.indexOf(key);
                packet[13] = (byte) ((end ? 0x80 : 0) | 10);
                int duration = Math.min(keyPackets + 1, 6) * 160;
                packet[14] = (byte) (duration >> 8);
                packet[15] = (byte) duration;
                sequence = (sequence + 1) & 0xFFFF;
                timestamp += 160;
                n += 160;
                if (++keyPackets == 8) {
                    key = null;
                }
                try {
                    socket.send(new DatagramPacket(packet, packet.length, to));
                } catch (IOException closed) {
                    return;
                }
            } else if (to != null) {
                byte[] packet = header(0, false, sequence, timestamp, 160);
                for (int i = 0; i < 160; i++, n++) {
                    double value = toneHz == 0 ? 0 : 8000 * Math.sin(2 * Math.PI * toneHz * n / 8000);
                    packet[12 + i] = linearToUlaw((int) value);
                }
                sequence = (sequence + 1) & 0xFFFF;
                timestamp += 160;
                try {
                    socket.send(new DatagramPacket(packet, packet.length, to));
                } catch (IOException closed) {
                    return;
                }
            }
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private static byte[] header(int payloadType, boolean marker, int sequence, long timestamp, int payloadBytes) {
        byte[] packet = new byte[12 + payloadBytes];
        packet[0] = (byte) 0x80;
        packet[1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        packet[2] = (byte) (sequence >> 8);
        packet[3] = (byte) sequence;
        packet[4] = (byte) (timestamp >> 24);
        packet[5] = (byte) (timestamp >> 16);
        packet[6] = (byte) (timestamp >> 8);
        packet[7] = (byte) timestamp;
        packet[8] = 0x12;
        packet[9] = 0x34;
        packet[10] = 0x56;
        packet[11] = 0x78;
        return packet;
    }

    // G.711 by its definition (ITU-T G.711 tables as formulas)
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

    private static byte linearToUlaw(int sample) {
        int sign = sample < 0 ? 0x80 : 0;
        int magnitude = Math.min(Math.abs(sample), 32635) + 0x84;
        int exponent = 7;
        for (int mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (magnitude >> (exponent + 3)) & 0x0f;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        receiver.join(2000);
        sender.interrupt();
        sender.join(2000);
    }
}
