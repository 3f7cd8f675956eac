package jp.uketsuke.telephony.internal.sip;

import gov.nist.core.net.DefaultNetworkLayer;
import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * JAIN-SIP's socket factory (stack property {@code gov.nist.javax.sip.NETWORK_LAYER}), so that TLS uses
 * our own {@link SSLContext} and policy instead of the JVM-wide {@code javax.net.ssl.*} key and trust stores.
 * Plain sockets are made as JAIN-SIP makes them by default. The stack instantiates this class by name;
 * {@link #serve} hands it the contexts before the TLS listening point is created.
 *
 * <p>A TLS connection we open is verified: to a configured peer (a trunk at that address and port) with the peer's
 * own trusted CAs and its configured host name; to anything else with the JDK's CAs and the name (or address) the
 * stack resolved. The JDK checks both the chain and the name during the handshake, which the stack starts.
 */
public final class TlsNetworkLayer implements NetworkLayer {

    private static final int CONNECT_TIMEOUT_MILLIS = 8000;

    /**
     * A TLS peer we connect to that has its own verification.
     *
     * @param name    for logs ("carrier-a")
     * @param host    the configured host name or address: where we connect and what its certificate must name
     * @param port    its TLS port
     * @param context our credentials with the CAs its certificate must chain to
     */
    public record Peer(String name, String host, int port, SSLContext context) {
    }

    private final NetworkLayer plain = DefaultNetworkLayer.SINGLETON;
    private volatile SSLContext context;
    private volatile SSLContext othersContext;
    private volatile List<Peer> peers = List.of();
    private volatile Duration handshakeTimeout;
    private volatile ScheduledExecutorService deadlines;
    private volatile HandshakingServerSocket listener;

    /**
     * @param sslContext     what the TLS port presents
     * @param knownPeers     peers with their own verification (TLS trunks)
     * @param othersContext  for connections to anything else: our credentials with the JDK's CAs
     */
    public void serve(SSLContext sslContext, List<Peer> knownPeers, SSLContext othersContext, Duration timeout,
                      ScheduledExecutorService timers) {
        this.context = sslContext;
        this.peers = List.copyOf(knownPeers);
        this.othersContext = othersContext;
        this.handshakeTimeout = timeout;
        this.deadlines = timers;
    }

    /** Handshakes that failed, timed out or were refused on the TLS port so far. */
    public long failedHandshakes() {
        HandshakingServerSocket current = listener;
        return current == null ? 0 : current.failedHandshakes();
    }

    @Override
    public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        SSLContext sslContext = requireContext();
        ServerSocket socket = plain.createServerSocket(port, backlog, bindAddress);
        HandshakingServerSocket screened = new HandshakingServerSocket(socket, sslContext.getSocketFactory(),
                TlsPolicy.parameters(sslContext), handshakeTimeout, deadlines);
        listener = screened;
        return screened;
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
        return createSSLSocket(address, port, null);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
        requireContext();
        Peer peer = peerAt(address, port);
        SSLContext sslContext = peer != null ? peer.context() : othersContext;
        String host = peer != null ? peer.host() : nameOf(address);
        Socket connection = new Socket();
        try {
            if (myAddress != null) {
                connection.bind(new InetSocketAddress(myAddress, 0));
            }
            connection.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MILLIS);
        } catch (SocketTimeoutException e) {
            connection.close();
            throw new ConnectException("TLS connect timed out");
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
        // layered, so that the name the certificate must carry is the one we meant, not a reverse lookup
        SSLSocket socket = (SSLSocket) sslContext.getSocketFactory().createSocket(connection, host, port, true);
        socket.setSSLParameters(TlsPolicy.clientParameters(sslContext, host));
        // the stack handshakes on this socket next: a peer that stalls the handshake times out, and
        // once it completes, reads wait as long as the connection lives
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, handshakeTimeout.toMillis()));
        socket.addHandshakeCompletedListener(done -> {
            try {
                done.getSocket().setSoTimeout(0);
            } catch (SocketException closedMeanwhile) {
                // nothing left to wait on
            }
        });
        return socket;
    }

    /** The configured peer at this address and port; a host name is resolved as the stack resolved it (cached). */
    private Peer peerAt(InetAddress address, int port) {
        for (Peer peer : peers) {
            if (peer.port() != port) {
                continue;
            }
            try {
                for (InetAddress candidate : InetAddress.getAllByName(peer.host())) {
                    if (candidate.equals(address)) {
                        return peer;
                    }
                }
            } catch (UnknownHostException unresolvable) {
                // not this peer
            }
        }
        return null;
    }

    /** The host name the stack resolved {@code address} from, or its address when it had none (no reverse lookup). */
    private static String nameOf(InetAddress address) {
        String text = address.toString();
        int slash = text.indexOf('/');
        return slash > 0 ? text.substring(0, slash) : address.getHostAddress();
    }

    private SSLContext requireContext() throws IOException {
        SSLContext sslContext = context;
        if (sslContext == null) {
            throw new IOException("SIP over TLS has no credentials");
        }
        return sslContext;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return plain.createServerSocket(port, backlog, bindAddress);
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return plain.createSocket(address, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
        return plain.createSocket(address, port, myAddress);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress myAddress, int myPort) throws IOException {
        return plain.createSocket(address, port, myAddress, myPort);
    }

    @Override
    public DatagramSocket createDatagramSocket() throws SocketException {
        return plain.createDatagramSocket();
    }

    @Override
    public DatagramSocket createDatagramSocket(int port, InetAddress laddr) throws SocketException {
        return plain.createDatagramSocket(port, laddr);
    }

    @Override
    public void setSipStack(SipStackImpl sipStack) {
        // nothing to take from the stack: the context comes through serve()
    }
}
