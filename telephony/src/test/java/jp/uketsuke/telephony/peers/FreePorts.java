package jp.uketsuke.telephony.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Random;

/** Free loopback UDP ports for test peers. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * A port free for UDP and TCP below the usual ephemeral range (and below the default RTP ports), for a peer whose
     * address goes into configuration long before it starts: a port the system may hand out to outgoing
     * connections meanwhile would be taken by then.
     */
    public static int udpAndTcpBelowEphemeral() {
        Random random = new Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 12000 + 2 * random.nextInt(4000);
            try (ServerSocket tcp = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
                 DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no port free for UDP and TCP in 12000-19999");
    }

    /**
     * A port below the ephemeral range from which four UDP ports are free: SIPp's {@code -mp} binds audio RTP and
     * RTCP there and video RTP and RTCP at the next two, and fails to start when any of them is taken. Below the
     * ephemeral range, no other process is handed one of them by the kernel meanwhile.
     */
    public static int udpQuadBelowEphemeral() {
        Random random = new Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20000 + 4 * random.nextInt(2500);
            DatagramSocket[] held = new DatagramSocket[4];
            try {
                for (int i = 0; i < 4; i++) {
                    held[i] = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port + i));
                }
                return port;
            } catch (IOException taken) {
                // try another
            } finally {
                for (DatagramSocket socket : held) {
                    if (socket != null) {
                        socket.close();
                    }
                }
            }
        }
        throw new IllegalStateException("no four free UDP ports in 20000-29999");
    }

    /** An even UDP port whose successor is free too (RTP tools bind port and port+1). */
    public static int udpPair() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                int port = probe.getLocalPort() & ~1;
                if (port < 1024 || port > 65000) {
                    continue;
                }
                try (DatagramSocket a = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port + 10));
                     DatagramSocket b = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port + 11))) {
                    return port + 10;
                } catch (IOException taken) {
                    // try another
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free UDP port pair");
    }
}
