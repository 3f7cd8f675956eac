package jp.uketsuke.telephony.internal.sip;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS listening socket the SIP stack accepts from. Every new connection does its TLS handshake
 * on a virtual thread of its own, under a deadline and a cap on handshakes in progress, and the stack
 * is handed only connections whose handshake completed.
 *
 * <p>Why not let the stack handshake: JAIN-SIP counts each accepted connection against its connection
 * limit and gives the slot back only when a connection that got past its handshake closes. A failed
 * or truncated handshake keeps its slot forever, so enough garbage would close the TLS port for good.
 *
 * <p>TLS is layered over plain accepted sockets so that a deadline can close the TCP connection under
 * a stalled handshake: closing the TLS socket itself would wait for the locks the handshake holds.
 * The policy (protocols, suites, no client certificates) is fixed here; the stack's attempts to set
 * its own are ignored.
 */
final class HandshakingServerSocket extends SSLServerSocket {

    private static final Logger log = LoggerFactory.getLogger(HandshakingServerSocket.class);
    /** Connections arriving while this many handshakes are under way are closed at once. */
    static final int MAX_PENDING_HANDSHAKES = 256;

    private final ServerSocket listener;
    private final SSLSocketFactory tls;
    private final SSLParameters policy;
    private final Duration handshakeTimeout;
    private final ScheduledExecutorService deadlines;
    private final Semaphore pending = new Semaphore(MAX_PENDING_HANDSHAKES);
    private final LinkedBlockingQueue<SSLSocket> ready = new LinkedBlockingQueue<>(MAX_PENDING_HANDSHAKES);
    private final AtomicLong failedHandshakes = new AtomicLong();
    private volatile boolean closed;

    HandshakingServerSocket(ServerSocket listener, SSLSocketFactory tls, SSLParameters policy, Duration handshakeTimeout,
                            ScheduledExecutorService deadlines) throws IOException {
        this.listener = listener;
        this.tls = tls;
        this.policy = policy;
        this.handshakeTimeout = handshakeTimeout;
        this.deadlines = deadlines;
        Thread.ofVirtual().name("sip-tls-accept-" + listener.getLocalPort()).start(this::acceptConnections);
    }

    private void acceptConnections() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.debug("TLS accept failed: {}", e.getClass().getSimpleName());
                }
                continue;
            }
            if (!pending.tryAcquire()) {
                failedHandshakes.incrementAndGet();
                closeQuietly(socket);
                continue;
            }
            Thread.ofVirtual().name("sip-tls-handshake").start(() -> handshake(socket));
        }
    }

    private void handshake(Socket tcp) {
        long timeout = handshakeTimeout.toMillis();
        ScheduledFuture<?> deadline = null;
        SSLSocket socket = null;
        try {
            // a slow peer can stretch each read, so the deadline closes the connection rather than time a read
            deadline = deadlines.schedule(() -> closeQuietly(tcp), timeout, TimeUnit.MILLISECONDS);
            socket = (SSLSocket) tls.createSocket(tcp, null, tcp.getPort(), true);
            socket.setUseClientMode(false);
            socket.setSSLParameters(policy);
            socket.startHandshake();
            // renegotiation would need a new session; none may be made on this connection any more
            socket.setEnableSessionCreation(false);
            if (!deadline.cancel(false) || closed || !ready.offer(socket, timeout, TimeUnit.MILLISECONDS)) {
                closeQuietly(tcp);
            }
        } catch (IOException | RejectedExecutionException e) {
            failedHandshakes.incrementAndGet();
            log.debug("TLS handshake failed: {}", e.getClass().getSimpleName());
            closeQuietly(tcp);
        } catch (InterruptedException e) {
            closeQuietly(tcp);
            Thread.currentThread().interrupt();
        } finally {
            if (deadline != null) {
                deadline.cancel(false);
            }
            pending.release();
        }
    }

    /** Connections whose TLS handshake failed, timed out or was refused for too many in progress. */
    long failedHandshakes() {
        return failedHandshakes.get();
    }

    /** The next connection with a completed handshake; blocks like {@link java.net.ServerSocket#accept()}. */
    @Override
    public Socket accept() throws IOException {
        while (true) {
            if (closed) {
                throw new SocketException("Socket is closed");
            }
            try {
                SSLSocket socket = ready.poll(250, TimeUnit.MILLISECONDS);
                if (socket != null) {
                    return socket;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SocketException("interrupted while accepting");
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        SSLSocket waiting;
        while ((waiting = ready.poll()) != null) {
            closeQuietly(waiting);
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isBound() {
        return listener.isBound();
    }

    @Override
    public int getLocalPort() {
        return listener.getLocalPort();
    }

    @Override
    public InetAddress getInetAddress() {
        return listener.getInetAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return listener.getLocalSocketAddress();
    }

    @Override
    public void bind(SocketAddress endpoint, int backlog) throws IOException {
        throw new SocketException("already bound");
    }

    @Override
    public String toString() {
        return "SIP TLS listener " + listener.getLocalSocketAddress();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return policy.getCipherSuites().clone();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        // fixed by the policy
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }

    @Override
    public String[] getSupportedProtocols() {
        return policy.getProtocols().clone();
    }

    @Override
    public String[] getEnabledProtocols() {
        return policy.getProtocols().clone();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        // fixed by the policy
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        // callers are not identified by certificates
    }

    @Override
    public boolean getNeedClientAuth() {
        return false;
    }

    @Override
    public void setWantClientAuth(boolean want) {
        // callers are not identified by certificates
    }

    @Override
    public boolean getWantClientAuth() {
        return false;
    }

    @Override
    public void setUseClientMode(boolean mode) {
        // always the server side
    }

    @Override
    public boolean getUseClientMode() {
        return false;
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        // each connection gets one session, made in its handshake, and no more (no renegotiation)
    }

    @Override
    public boolean getEnableSessionCreation() {
        return true;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to save on a connection we are dropping
        }
    }
}
