package jp.uketsuke.telephony.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Free loopback UDP ports for test peers. */
public final class FreePorts {

    private FreePorts() {
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
