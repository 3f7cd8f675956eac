package jp.uketsuke.telephony.internal.guard;

import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.sip.SipStack;
import jp.uketsuke.telephony.SipDropReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack's sockets with the guard at the very edge: a datagram from a blocked or flooding source,
 * or one larger than the largest message, is dropped before the stack queues or parses it; a TCP
 * connection from such a source is closed as soon as it is accepted. Everything else (TLS, outgoing
 * connections) is left to the network layer the stack chose. On the way out, responses are counted by
 * status code and the stack's own 400 to an unparseable request is made well-formed.
 */
public final class GuardedNetworkLayer implements NetworkLayer {

    private static final Logger log = LoggerFactory.getLogger(GuardedNetworkLayer.class);

    private final NetworkLayer delegate;
    private final SourceGuard guard;
    private final int maxMessageBytes;
    private final ResponseCounter responses;

    private GuardedNetworkLayer(NetworkLayer delegate, SourceGuard guard, int maxMessageBytes,
                                ResponseCounter responses) {
        this.delegate = delegate;
        this.guard = guard;
        this.maxMessageBytes = maxMessageBytes;
        this.responses = responses;
    }

    /**
     * Wraps the network layer of a stack that has no listening points yet. JAIN-SIP has no setter for
     * it, so the field is replaced; false (and the guard works from the message valve alone) if that
     * is not possible in this JAIN-SIP version.
     */
    public static boolean install(SipStack stack, SourceGuard guard, int maxMessageBytes, ResponseCounter responses) {
        try {
            Field field = SIPTransactionStack.class.getDeclaredField("networkLayer");
            field.setAccessible(true);
            // the field is null when the stack uses its default; the getter resolves that
            NetworkLayer current = ((SIPTransactionStack) stack).getNetworkLayer();
            field.set(stack, new GuardedNetworkLayer(current, guard, maxMessageBytes, responses));
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("SIP guard works from parsed messages only: the stack's sockets cannot be wrapped ({})",
                    e.getClass().getName());
            return false;
        }
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return new GuardedServerSocket(port, backlog, bindAddress);
    }

    @Override
    public DatagramSocket createDatagramSocket(int port, InetAddress localAddress) throws SocketException {
        return new GuardedDatagramSocket(new InetSocketAddress(localAddress, port));
    }

    @Override
    public DatagramSocket createDatagramSocket() throws SocketException {
        return delegate.createDatagramSocket();
    }

    @Override
    public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return delegate.createSSLServerSocket(port, backlog, bindAddress);
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return delegate.createSocket(address, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
        return delegate.createSocket(address, port, myAddress);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress myAddress, int myPort) throws IOException {
        return delegate.createSocket(address, port, myAddress, myPort);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
        return delegate.createSSLSocket(address, port);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
        return delegate.createSSLSocket(address, port, myAddress);
    }

    @Override
    public void setSipStack(SipStackImpl sipStack) {
        delegate.setSipStack(sipStack);
    }

    /** The UDP socket the stack receives on and answers from. */
    private final class GuardedDatagramSocket extends DatagramSocket {

        GuardedDatagramSocket(InetSocketAddress bind) throws SocketException {
            super(bind);
        }

        @Override
        public void receive(DatagramPacket packet) throws IOException {
            while (true) {
                super.receive(packet);
                // the stack's buffer is one byte larger than the limit, so a longer datagram shows as such
                if (packet.getLength() > maxMessageBytes) {
                    guard.countDrop(SipDropReason.TOO_LARGE);
                    continue;
                }
                if (guard.admitDatagram(packet.getAddress()) == null) {
                    return;
                }
            }
        }

        @Override
        public void send(DatagramPacket packet) throws IOException {
            byte[] cleaned = BadRequestCleaner.clean(packet.getData(), packet.getOffset(), packet.getLength());
            if (cleaned != null) {
                packet = new DatagramPacket(cleaned, cleaned.length, packet.getSocketAddress());
            }
            responses.written(packet.getData(), packet.getOffset(), packet.getLength());
            super.send(packet);
        }
    }

    /** The TCP listening socket: connections the guard refuses are closed before the stack sees them. */
    private final class GuardedServerSocket extends ServerSocket {

        GuardedServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
            super(port, backlog, bindAddress);
        }

        @Override
        public Socket accept() throws IOException {
            while (true) {
                GuardedSocket socket = new GuardedSocket();
                implAccept(socket);
                SourceGuard.Lease lease = guard.openConnection(socket.getInetAddress());
                if (lease != null) {
                    socket.lease = lease;
                    return socket;
                }
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // refused anyway
                }
            }
        }
    }

    /**
     * An accepted connection that gives its slot back when closed, holds each incoming message to the size
     * limit, and counts the responses written to it.
     */
    private final class GuardedSocket extends Socket {
        private volatile SourceGuard.Lease lease;
        private InputStream limited;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (limited == null) {
                limited = new StreamSizeLimit(super.getInputStream(), maxMessageBytes,
                        () -> guard.countDrop(SipDropReason.TOO_LARGE));
            }
            return limited;
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            OutputStream out = super.getOutputStream();
            return new FilterOutputStream(out) {
                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    byte[] cleaned = BadRequestCleaner.clean(bytes, offset, length);
                    if (cleaned != null) {
                        bytes = cleaned;
                        offset = 0;
                        length = cleaned.length;
                    }
                    responses.written(bytes, offset, length);
                    out.write(bytes, offset, length);
                }
            };
        }

        @Override
        public synchronized void close() throws IOException {
            try {
                super.close();
            } finally {
                SourceGuard.Lease held = lease;
                if (held != null) {
                    held.close();
                }
            }
        }
    }
}
