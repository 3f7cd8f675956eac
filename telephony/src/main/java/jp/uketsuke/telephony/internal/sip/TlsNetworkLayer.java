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
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * JAIN-SIP's socket factory (stack property {@code gov.nist.javax.sip.NETWORK_LAYER}), so that TLS uses
 * our own {@link SSLContext} and policy instead of the JVM-wide {@code javax.net.ssl.*} key store.
 * Plain sockets are made as JAIN-SIP makes them by default. The stack instantiates this class by name;
 * {@link #serve} hands it the context before the TLS listening point is created.
 */
public final class TlsNetworkLayer implements NetworkLayer {

    private static final int CONNECT_TIMEOUT_MILLIS = 8000;

    private final NetworkLayer plain = DefaultNetworkLayer.SINGLETON;
    private volatile SSLContext context;
    private volatile Duration handshakeTimeout;
    private volatile ScheduledExecutorService deadlines;
    private volatile HandshakingServerSocket listener;

    public void serve(SSLContext sslContext, Duration timeout, ScheduledExecutorService timers) {
        this.context = sslContext;
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
        SSLContext sslContext = requireContext();
        SSLSocket socket = (SSLSocket) sslContext.getSocketFactory().createSocket();
        socket.setSSLParameters(TlsPolicy.parameters(sslContext));
        if (myAddress != null) {
            socket.bind(new InetSocketAddress(myAddress, 0));
        }
        try {
            socket.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MILLIS);
        } catch (SocketTimeoutException e) {
            socket.close();
            throw new ConnectException("TLS connect timed out");
        }
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
