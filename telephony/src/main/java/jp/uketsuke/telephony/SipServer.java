package jp.uketsuke.telephony;

import gov.nist.core.CommonLogger;
import gov.nist.javax.sip.SipStackImpl;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.time.Duration;
import java.util.Collections;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.sip.ListeningPoint;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import jp.uketsuke.telephony.internal.guard.GuardValve;
import jp.uketsuke.telephony.internal.guard.GuardedNetworkLayer;
import jp.uketsuke.telephony.internal.guard.ResponseCounter;
import jp.uketsuke.telephony.internal.guard.SourceGuard;
import jp.uketsuke.telephony.internal.guard.StrictMessageParser;
import jp.uketsuke.telephony.internal.rtp.MediaClock;
import jp.uketsuke.telephony.internal.rtp.MediaCounters;
import jp.uketsuke.telephony.internal.registrar.Registrar;
import jp.uketsuke.telephony.internal.rtp.RtpPortPool;
import jp.uketsuke.telephony.internal.sip.NoMessageLog;
import jp.uketsuke.telephony.internal.sip.PeerVerification;
import jp.uketsuke.telephony.internal.sip.SipSignalling;
import jp.uketsuke.telephony.internal.sip.StackQueue;
import jp.uketsuke.telephony.internal.sip.StackLog;
import jp.uketsuke.telephony.internal.trunk.TrunkTable;
import jp.uketsuke.telephony.internal.sip.TlsNetworkLayer;
import jp.uketsuke.telephony.internal.sip.TlsPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers SIP calls (UDP and TCP, and TLS on its own port when configured) and hands each one to the
 * {@link CallListener}. Calls are taken from the trunks in {@link SipSettings#peers()} and from staff phones
 * registered with its registrar (credentials from a {@link PhoneDirectory}); everything else gets 403.
 *
 * <pre>{@code
 * try (SipServer server = new SipServer(SipSettings.defaults(), request -> Admission.answer(call -> ...))) {
 *     server.start();
 *     ...
 * }
 * }</pre>
 */
public final class SipServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SipServer.class);
    private static final AtomicInteger STACKS = new AtomicInteger();

    private final SipSettings settings;
    private final CallListener listener;
    private final Registrar registrar;
    private final MediaCounters counters = new MediaCounters();
    private final MediaClock clock = new MediaClock();
    private final SourceGuard guard;
    private final ResponseCounter responses = new ResponseCounter();
    private final PeerVerification peerVerification = new PeerVerification();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("uketsuke-sip-timers").daemon().factory());
    private SipStack stack;
    private SipSignalling signalling;
    private int port;
    private int tlsPort;
    private TlsNetworkLayer tlsLayer;
    /** How long requests wait for the stack's threads (reported, not used to refuse calls: see CallSetups). */
    private volatile StackQueue udpQueue;
    private String advertisedAddress;
    private boolean started;
    private boolean closed;

    /** A server without staff phones: calls come from trunks only. */
    public SipServer(SipSettings settings, CallListener listener) {
        this(settings, listener, PhoneDirectory.NONE, Clock.systemUTC());
    }

    /**
     * @param phones where the registrar finds staff phones' credentials
     * @param clock  for registration expiry, nonce lifetime and failure windows
     */
    public SipServer(SipSettings settings, CallListener listener, PhoneDirectory phones, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.guard = new SourceGuard(trunksExempt(settings));
        this.registrar = new Registrar(settings.peers().registrar(), Objects.requireNonNull(phones, "phones"),
                Objects.requireNonNull(clock, "clock"), guard::authenticationFailed);
    }

    /** Binds the SIP port (UDP and TCP) and the TLS port when configured, and starts answering. */
    public synchronized void start() throws IOException {
        if (started || closed) {
            throw new IllegalStateException(closed ? "server closed" : "server already started");
        }
        InetAddress bind = InetAddress.getByName(settings.bindAddress());
        advertisedAddress = settings.advertisedAddress().isEmpty() ? pickAdvertisedAddress(bind)
                : settings.advertisedAddress();
        port = settings.port() == 0 ? freePortForUdpAndTcp(bind) : settings.port();
        SipTls tls = settings.tls();
        SSLContext tlsContext = null;
        if (tls.enabled()) {
            tlsPort = tls.port() == 0 ? freeTcpPort(bind, port) : tls.port();
            try {
                tlsContext = tls.credentials().sslContext();
            } catch (GeneralSecurityException e) {
                throw new IOException("SIP over TLS cannot use its credentials: " + e.getClass().getSimpleName(), e);
            }
        }
        RtpPortPool ports = new RtpPortPool(bind, settings.rtpPortMin(), settings.rtpPortMax());
        signalling = new SipSignalling(new SipSignalling.Config(advertisedAddress, port, tlsPort, settings.rtpTimeout(),
                settings.answerDelay(), settings.maxCalls(), settings.maxMessageBytes(),
                settings.peers().sessionTimers(), settings.maxCallsInSetup(), settings.overloadRetryAfter()),
                listener, ports, clock, counters, timers, new TrunkTable(settings.peers().trunks()), registrar, guard);
        try {
            // before any stack class logs: route JAIN-SIP's static loggers away from log4j
            CommonLogger.useLegacyLogger = true;
            CommonLogger.legacyLogger = new StackLog();
            SipFactory factory = SipFactory.getInstance();
            factory.setPathName("gov.nist");
            stack = factory.createSipStack(stackProperties(bind, tlsContext));
            if (tlsContext != null) {
                // taken before the guard wraps it: the guard passes TLS sockets through to this layer
                tlsLayer = (TlsNetworkLayer) ((SipStackImpl) stack).getNetworkLayer();
            }
            // before any listening point exists, so no message passes unguarded
            boolean guardedSockets = GuardedNetworkLayer.install(stack, guard, settings.maxMessageBytes(), responses);
            if (!GuardValve.attach(stack, guard, guardedSockets)) {
                throw new IllegalStateException("the SIP guard could not be attached to the stack");
            }
            ListeningPoint udp = stack.createListeningPoint(bind.getHostAddress(), port, ListeningPoint.UDP);
            ListeningPoint tcp = stack.createListeningPoint(bind.getHostAddress(), port, ListeningPoint.TCP);
            // Via of our own requests (BYE) must name a reachable address, never 0.0.0.0
            udp.setSentBy(advertisedAddress + ":" + port);
            tcp.setSentBy(advertisedAddress + ":" + port);
            SipProvider provider = stack.createSipProvider(udp);
            provider.addListeningPoint(tcp);
            if (tlsContext != null) {
                tlsLayer.serve(tlsContext, tlsPeers(tls.credentials()),
                        tls.credentials().sslContext(peerVerification.watching("(not a trunk)",
                                TlsTrust.jdkDefault().trustManagers())),
                        tls.handshakeTimeout(), timers);
                ListeningPoint secure = stack.createListeningPoint(bind.getHostAddress(), tlsPort, ListeningPoint.TLS);
                secure.setSentBy(advertisedAddress + ":" + tlsPort);
                provider.addListeningPoint(secure);
            }
            signalling.attach(provider, factory.createMessageFactory(), factory.createHeaderFactory(),
                    factory.createAddressFactory());
            provider.addSipListener(signalling);
            stack.start();
            udpQueue = StackQueue.of(udp);
        } catch (Exception e) {
            if (stack != null) {
                stack.stop();
            }
            throw new IOException("SIP stack could not start on port " + port
                    + (tlsContext != null ? " and TLS port " + tlsPort : "") + ": " + e.getMessage(), e);
        }
        clock.start();
        timers.scheduleWithFixedDelay(this::sweepRegistrations, 30, 30, TimeUnit.SECONDS);
        timers.scheduleWithFixedDelay(this::forgetQuietSources, 5, 5, TimeUnit.SECONDS);
        started = true;
        log.info("SIP listening on {}:{} (UDP and TCP){}, advertising {}", bind.getHostAddress(), port,
                tlsContext != null ? " and " + tlsPort + " (TLS)" : "", advertisedAddress);
    }

    /** The SIP port actually in use (the chosen one when the settings said 0). */
    public synchronized int port() {
        return port;
    }

    /** Each TLS trunk as a peer we verify with its own CAs and its configured host name. */
    private List<TlsNetworkLayer.Peer> tlsPeers(TlsCredentials credentials) throws GeneralSecurityException {
        List<TlsNetworkLayer.Peer> peers = new ArrayList<>();
        for (Trunk trunk : settings.peers().trunks()) {
            if (trunk.transport().equals("TLS")) {
                peers.add(new TlsNetworkLayer.Peer(trunk.name(), trunk.host(), trunk.port(),
                        credentials.sslContext(peerVerification.watching(trunk.name(),
                                trunk.tlsTrust().trustManagers()))));
            }
        }
        return peers;
    }

    /**
     * TLS peers we connected to and refused: a certificate not chaining to the trusted CAs or not naming the host.
     * The dial that needed the connection fails; the log names the trunk and the reason.
     */
    public long tlsPeersRefused() {
        return peerVerification.refused();
    }

    /** The SIP over TLS port actually in use, or 0 when TLS is off. */
    public synchronized int tlsPort() {
        return tlsPort;
    }

    /** Connections to the TLS port dropped before or during their handshake (garbage, timeouts, floods). */
    public synchronized long tlsHandshakeFailures() {
        return tlsLayer == null ? 0 : tlsLayer.failedHandshakes();
    }

    /** The address written into Contact and SDP. */
    public synchronized String advertisedAddress() {
        return advertisedAddress;
    }

    /**
     * Places an outbound call leg (through a trunk, or straight to a contact) that is not part of an inbound call;
     * see {@link Call#dial}.
     */
    public OutboundLeg dial(Destination destination, CallerId callerId, Duration ringTimeout) {
        SipSignalling current = signalling;
        if (current == null) {
            throw new IllegalStateException("server not started");
        }
        return current.dial(destination, callerId, ringTimeout);
    }

    public TelephonyMetrics metrics() {
        SipSignalling current = signalling;
        return new TelephonyMetrics(current == null ? 0 : current.callsActive(),
                current == null ? 0 : current.callsTotal(), counters.packetsIn(), counters.packetsOut(),
                counters.droppedByReason(), counters.packetsExpected(), counters.packetsLost(),
                counters.streamsMeasured(), counters.jitterSecondsSum(), responses.snapshot(),
                guard.droppedByReason(), guard.blockedSources(), guard.blocksTotal(),
                current == null ? 0 : current.invitesForbidden(), registrar.liveBindings(), registrar.failures(),
                current == null ? 0 : current.sessionsExpired(), current == null ? 0 : current.callsInSetup(),
                current == null ? Map.of() : current.callsRefused(), udpQueue == null ? -1 : udpQueue.oldestWaitMillis(),
                current == null ? OutboundLegMetrics.none() : current.outboundLegMetrics());
    }

    /**
     * Tells {@code listener} of every RTP stream as its call or outbound leg ends, with its final jitter and loss
     * (for per-call distributions; the sums are in {@link #metrics()}). Called on media threads: it must be quick.
     */
    public void onStreamEnded(Consumer<StreamQuality> listener) {
        counters.onStreamEnded(listener);
    }

    /**
     * A trunk carries every caller of a carrier from one address, so the per-source rate, call and connection limits
     * (sized for a phone) would cut it off at its busiest; the trunks' configured sources are exempt from them.
     */
    static FloodLimits trunksExempt(SipSettings settings) {
        List<String> exempt = new ArrayList<>(settings.floodLimits().exemptSources());
        settings.peers().trunks().forEach(trunk -> trunk.sources().forEach(range -> exempt.add(range.toString())));
        return settings.floodLimits().withExemptSources(exempt);
    }

    /** Where staff phones are registered now (for transfers to them, and to show who is reachable). */
    public Registrations registrations() {
        return registrar;
    }

    /**
     * The per-source protection in front of call handling. The registrar reports failed digest authentications here
     * ({@link SourceGuard#authenticationFailed}), which blocks a guessing source altogether; trunks can be exempted.
     */
    public SourceGuard guard() {
        return guard;
    }

    private void sweepRegistrations() {
        try {
            registrar.sweep();
        } catch (RuntimeException e) {
            log.warn("registration sweep failed with {}", e.getClass().getName());
        }
    }

    private void forgetQuietSources() {
        try {
            guard.sweep();
        } catch (RuntimeException e) {
            // never let one failed sweep cancel the schedule
            log.warn("SIP guard sweep failed: {}", e.getClass().getName());
        }
    }

    /** Ends every call (BYE), then stops the SIP stack and the media clock. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (signalling != null) {
            signalling.endAll();
        }
        if (stack != null) {
            stopStack();
        }
        clock.close();
        timers.shutdownNow();
        log.info("SIP server on port {} stopped", port);
    }

    /**
     * JAIN-SIP's UDP processor closes its socket and then walks its channel list, which its own thread
     * may still be filling (a server stopped right after it started) or emptying: that can throw a
     * ConcurrentModificationException or a NullPointerException. The socket is closed by then, and
     * stopping again skips what was stopped and stops the rest (TCP, timers).
     */
    private void stopStack() {
        for (int attempt = 1; ; attempt++) {
            try {
                stack.stop();
                return;
            } catch (ConcurrentModificationException | NullPointerException e) {
                if (attempt == 3) {
                    log.warn("SIP stack on port {} did not stop cleanly", port);
                    return;
                }
            }
        }
    }

    private Properties stackProperties(InetAddress bind, SSLContext tlsContext) {
        Properties properties = new Properties();
        properties.setProperty("javax.sip.STACK_NAME", "uketsuke-" + STACKS.incrementAndGet());
        properties.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
        properties.setProperty("gov.nist.javax.sip.STACK_LOGGER", StackLog.class.getName());
        properties.setProperty("gov.nist.javax.sip.SERVER_LOGGER", NoMessageLog.class.getName());
        properties.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        properties.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        // one byte more than the limit: the guarded UDP socket sees a longer datagram as longer, not cut to size
        properties.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", String.valueOf(settings.maxMessageBytes() + 1));
        properties.setProperty("gov.nist.javax.sip.SIP_MESSAGE_VALVE", GuardValve.class.getName());
        properties.setProperty("gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", StrictMessageParser.Factory.class.getName());
        // datagrams that waited this long in the stack's queue (under a flood) are dropped unparsed
        properties.setProperty("gov.nist.javax.sip.STACK_CONGESTION_CONTROL_TIMEOUT", "4000");
        properties.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "16");
        properties.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        // a TCP peer that starts a message and stalls is cut off instead of holding a thread
        properties.setProperty("gov.nist.javax.sip.READ_TIMEOUT", "2000");
        properties.setProperty("gov.nist.javax.sip.MAX_CONNECTIONS", "1024");
        properties.setProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS", "20000");
        properties.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        if (tlsContext != null) {
            // our own SSLContext and policy instead of the JVM-wide javax.net.ssl key store
            properties.setProperty("gov.nist.javax.sip.NETWORK_LAYER", TlsNetworkLayer.class.getName());
            properties.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", TlsPolicy.protocolList());
            properties.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES", TlsPolicy.cipherSuiteList(tlsContext));
            properties.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Disabled");
            properties.setProperty("gov.nist.javax.sip.SSL_RENEGOTIATION_ENABLED", "false");
            // no SSL_HANDSHAKE_TIMEOUT: the stack's watchdog would close connections whose handshake our
            // listener completed before the stack saw them; TlsNetworkLayer bounds handshakes itself
            properties.setProperty("gov.nist.javax.sip.TLS_SECURITY_POLICY",
                    "gov.nist.javax.sip.stack.DefaultTlsSecurityPolicy");
        }
        return properties;
    }

    private static String pickAdvertisedAddress(InetAddress bind) throws SocketException, UnknownHostException {
        if (bind.isLoopbackAddress()) {
            return "127.0.0.1";
        }
        if (!bind.isAnyLocalAddress()) {
            return bind.getHostAddress();
        }
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLinkLocalAddress()) {
                    return address.getHostAddress();
                }
            }
        }
        return "127.0.0.1";
    }

    /** A TCP port free right now other than {@code taken}; the stack binds it a moment later. */
    private static int freeTcpPort(InetAddress bind, int taken) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket tcp = new ServerSocket()) {
                tcp.setReuseAddress(false);
                tcp.bind(new InetSocketAddress(bind, 0));
                if (tcp.getLocalPort() != taken) {
                    return tcp.getLocalPort();
                }
            }
        }
        throw new IOException("no free TCP port for SIP over TLS");
    }

    /** A port free for both UDP and TCP right now; the stack binds it a moment later. */
    private static int freePortForUdpAndTcp(InetAddress bind) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket tcp = new ServerSocket()) {
                tcp.setReuseAddress(false);
                tcp.bind(new InetSocketAddress(bind, 0));
                int candidate = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(bind, candidate))) {
                    return candidate;
                } catch (SocketException takenForUdp) {
                    // try another
                }
            }
        }
        throw new IOException("no port free for both UDP and TCP");
    }
}
