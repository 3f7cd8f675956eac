package jp.uketsuke.notify.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only way our notification HTTP client reaches the network: an HTTP CONNECT proxy inside this process, on the
 * loopback interface, as Stripe's Smokescreen is outside one. The JDK's HttpClient cannot be told which address to
 * connect to, and resolving a name to check it and letting the client resolve it again would let a DNS answer with
 * a short lifetime change between the two (DNS rebinding). Through the tunnel the client never resolves the
 * receiver's name: it asks for {@code CONNECT host:port}, and here the host is checked, resolved once, every address
 * checked, and the socket opened to one of exactly those addresses. TLS runs end to end inside the tunnel, so the
 * client still verifies the certificate against the host name.
 *
 * <p>Refusals answer 403, unreachable receivers 502, slow ones 504; the tunnel sees only encrypted bytes and logs
 * nothing but the host.
 */
final class EgressTunnel implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EgressTunnel.class);
    private static final Pattern CONNECT = Pattern.compile(
            "CONNECT (\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9.-]+):([0-9]{1,5}) HTTP/1\\.[01]");
    private static final int MAX_HEADER_BYTES = 8 * 1024;
    private static final int MAX_OPEN = 64;
    /** A connection the client keeps for reuse stays open while either side keeps it; this bounds a forgotten one. */
    private static final Duration IDLE_LIMIT = Duration.ofMinutes(5);

    private final HostPolicy policy;
    private final Duration connectTimeout;
    private final ServerSocket listener;
    private final Semaphore open = new Semaphore(MAX_OPEN);
    private final Thread acceptor;

    EgressTunnel(HostPolicy policy, Duration connectTimeout) throws IOException {
        this.policy = policy;
        this.connectTimeout = connectTimeout;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofVirtual().name("notify-egress-tunnel").start(this::accept);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    log.warn("notification tunnel stopped accepting: {}", e.getClass().getSimpleName());
                }
                return;
            }
            if (!open.tryAcquire()) {
                closeQuietly(client);
                continue;
            }
            Thread.ofVirtual().name("notify-egress").start(() -> {
                try {
                    serve(client);
                } finally {
                    open.release();
                }
            });
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout((int) connectTimeout.toMillis());
            InputStream fromClient = client.getInputStream();
            OutputStream toClient = client.getOutputStream();
            String head = readHead(fromClient);
            Matcher connect = head == null ? null : CONNECT.matcher(head.lines().findFirst().orElse(""));
            if (connect == null || !connect.matches()) {
                answer(toClient, 400, "Bad Request");
                return;
            }
            String host = connect.group(1);
            int port = Integer.parseInt(connect.group(2));
            InetAddress[] addresses;
            try {
                addresses = policy.resolve(host);
            } catch (HostPolicy.Refused refused) {
                log.info("notification to {} refused: {}", HostPolicy.normalise(host), refused.getMessage());
                answer(toClient, refused.permanent() ? 403 : 502, refused.permanent() ? "Forbidden" : "Bad Gateway");
                return;
            }
            if (port < 1 || port > 65535) {
                answer(toClient, 400, "Bad Request");
                return;
            }
            try (Socket receiver = connect(addresses, port)) {
                if (receiver == null) {
                    answer(toClient, 502, "Bad Gateway");
                    return;
                }
                answer(toClient, 200, "Connection Established");
                client.setSoTimeout((int) IDLE_LIMIT.toMillis());
                receiver.setSoTimeout((int) IDLE_LIMIT.toMillis());
                Thread upstream = Thread.ofVirtual().start(() -> pipe(fromClient, receiver));
                pipe(receiver, toClient, client);
                upstream.join(IDLE_LIMIT);
            } catch (SocketTimeoutException e) {
                answer(toClient, 504, "Gateway Timeout");
            }
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Opens a socket to the first address that answers: exactly one of those the policy checked. */
    private Socket connect(InetAddress[] addresses, int port) throws SocketTimeoutException {
        SocketTimeoutException timedOut = null;
        for (InetAddress address : addresses) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, port), (int) connectTimeout.toMillis());
                return socket;
            } catch (SocketTimeoutException e) {
                timedOut = e;
                closeQuietly(socket);
            } catch (IOException e) {
                closeQuietly(socket);
            }
        }
        if (timedOut != null) {
            throw timedOut;
        }
        return null;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (head.size() < MAX_HEADER_BYTES) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static void answer(OutputStream out, int status, String reason) {
        try {
            out.write(("HTTP/1.1 " + status + " " + reason + "\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void pipe(InputStream from, Socket to) {
        try {
            from.transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(to);
        }
    }

    private static void pipe(Socket from, OutputStream to, Socket toSocket) {
        try {
            from.getInputStream().transferTo(to);
            toSocket.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(from);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing
        }
        acceptor.interrupt();
    }
}
