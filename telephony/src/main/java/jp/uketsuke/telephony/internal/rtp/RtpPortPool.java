package jp.uketsuke.telephony.internal.rtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Even UDP ports of the configured range, handed to calls and returned when they end. */
public final class RtpPortPool {

    private final InetAddress bindAddress;
    private final ConcurrentLinkedQueue<Integer> free = new ConcurrentLinkedQueue<>();

    public RtpPortPool(InetAddress bindAddress, int min, int max) {
        this.bindAddress = bindAddress;
        for (int port = min + (min & 1); port <= max; port += 2) {
            free.add(port);
        }
    }

    /** Binds a channel on a free port; null when every port of the range is taken. */
    public DatagramChannel open() {
        int attempts = free.size();
        for (int i = 0; i < attempts; i++) {
            Integer port = free.poll();
            if (port == null) {
                return null;
            }
            try {
                DatagramChannel channel = DatagramChannel.open();
                try {
                    channel.bind(new InetSocketAddress(bindAddress, port));
                    return channel;
                } catch (IOException e) {
                    channel.close();
                    throw e;
                }
            } catch (IOException inUseElsewhere) {
                free.add(port);
            }
        }
        return null;
    }

    public void release(int port) {
        free.add(port);
    }
}
