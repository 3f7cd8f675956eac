package jp.uketsuke.telephony.internal.guard;

import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.stack.ConnectionOrientedMessageChannel;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageChannel;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * status code. A request the parser refuses gets our 400 ({@link #refuse}) in place of the stack's own.
 * A TCP connection closed in the middle of a message (the stack's read timeout, or the peer giving up) is
 * counted as {@link SipDropReason#INCOMPLETE}.
 */
public final class GuardedNetworkLayer implements NetworkLayer {

    private static final Logger log = LoggerFactory.getLogger(GuardedNetworkLayer.class);

    private final NetworkLayer delegate;
    private final SourceGuard guard;
    private final int maxMessageBytes;
    private final ResponseCounter responses;
    private final List<GuardedDatagramSocket> datagramSockets = new CopyOnWriteArrayList<>();
    /** Accepted TCP connections by their peer's address and port, so a refused request can be answered on its own. */
    private final Map<InetSocketAddress, GuardedSocket> connections = new ConcurrentHashMap<>();

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

    /**
     * Answers a request the parser refused with our 400, on the connection it came on or, for a datagram, to its
     * source address (RFC 3261 18.2.2, RFC 3581): at the source port when the top Via asks for rport, else at the
     * Via's port. True when the channel is ours to answer on; false for channels we do not guard (TLS), which keep
     * the stack's handling.
     */
    boolean refuse(ParseExceptionListener channel, byte[] request) {
        if (channel instanceof UDPMessageChannel udp) {
            byte[] reply = BadRequestReply.compose(request);
            if (reply != null && !datagramSockets.isEmpty()) {
                try {
                    InetAddress peer = literal(udp.getPeerAddress());
                    int sourcePort = BadRequestReply.topViaAsksForRport(request) ? sourcePortOf(udp) : -1;
                    int port = sourcePort > 0 ? sourcePort : BadRequestReply.topViaPort(request);
                    GuardedDatagramSocket socket = datagramSockets.stream()
                            .filter(s -> s.getLocalAddress().getClass() == peer.getClass()).findFirst()
                            .orElse(datagramSockets.getFirst());
                    socket.send(new DatagramPacket(reply, reply.length, peer, port));
                } catch (IOException | RuntimeException e) {
                    log.debug("400 to a refused datagram not sent: {}", e.getClass().getName());
                }
            }
            return true;
        }
        GuardedSocket socket = connectionOf(channel);
        if (socket == null) {
            return false;
        }
        byte[] reply = BadRequestReply.compose(request);
        if (reply != null) {
            try {
                socket.getOutputStream().write(reply, 0, reply.length);
            } catch (IOException | RuntimeException e) {
                log.debug("400 to a refused request not sent: {}", e.getClass().getName());
            }
        }
        return true;
    }

    /** Whether the parser's refusals on this channel are answered by {@link #refuse} rather than by the stack. */
    boolean answersFor(ParseExceptionListener channel) {
        return channel instanceof UDPMessageChannel || connectionOf(channel) != null;
    }

    /**
     * The source port of the datagram the channel is working on. JAIN-SIP sets it on the channel only after
     * parsing, so it is read from the packet the channel holds; -1 when this JAIN-SIP version has no such field.
     */
    private static int sourcePortOf(UDPMessageChannel channel) {
        if (INCOMING_PACKET == null) {
            return -1;
        }
        try {
            return INCOMING_PACKET.get(channel) instanceof DatagramPacket packet ? packet.getPort() : -1;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }

    private static final Field INCOMING_PACKET = incomingPacketField();

    private static Field incomingPacketField() {
        try {
            Field field = UDPMessageChannel.class.getDeclaredField("incomingPacket");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The channel names its peer by address text; never look a name up for it. */
    private static InetAddress literal(String address) {
        if (address == null || !address.matches("[0-9A-Fa-f.:%]+")) {
            throw new IllegalArgumentException("not an address literal");
        }
        try {
            return InetAddress.getByName(address);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an address literal", e);
        }
    }

    private GuardedSocket connectionOf(ParseExceptionListener channel) {
        if (!(channel instanceof ConnectionOrientedMessageChannel stream)) {
            return null;
        }
        try {
            return connections.get(new InetSocketAddress(literal(((MessageChannel) stream).getPeerAddress()),
                    stream.getPeerPacketSourcePort()));
        } catch (RuntimeException unknownPeer) {
            return null;
        }
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return new GuardedServerSocket(port, backlog, bindAddress);
    }

    @Override
    public DatagramSocket createDatagramSocket(int port, InetAddress localAddress) throws SocketException {
        GuardedDatagramSocket socket = new GuardedDatagramSocket(new InetSocketAddress(localAddress, port));
        datagramSockets.add(socket);
        return socket;
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
            if (BadRequestReply.isStackAutomatic(packet.getData(), packet.getOffset(), packet.getLength())) {
                return; // ours went out already
            }
            responses.written(packet.getData(), packet.getOffset(), packet.getLength());
            super.send(packet);
        }

        @Override
        public void close() {
            datagramSockets.remove(this);
            super.close();
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
                    socket.peer = (InetSocketAddress) socket.getRemoteSocketAddress();
                    connections.put(socket.peer, socket);
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
     * limit, counts the responses written to it, and counts a close in the middle of a message.
     */
    private final class GuardedSocket extends Socket {
        private volatile SourceGuard.Lease lease;
        private volatile InetSocketAddress peer;
        private StreamSizeLimit limited;

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
                    if (BadRequestReply.isStackAutomatic(bytes, offset, length)) {
                        return; // ours went out already
                    }
                    responses.written(bytes, offset, length);
                    out.write(bytes, offset, length);
                }
            };
        }

        @Override
        public synchronized void close() throws IOException {
            try {
                if (limited != null && limited.midMessage() && !isClosed()) {
                    guard.countDrop(SipDropReason.INCOMPLETE);
                }
                super.close();
            } finally {
                InetSocketAddress was = peer;
                if (was != null) {
                    connections.remove(was, this);
                }
                SourceGuard.Lease held = lease;
                if (held != null) {
                    held.close();
                }
            }
        }
    }
}
