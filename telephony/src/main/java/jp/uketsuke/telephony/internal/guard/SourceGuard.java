package jp.uketsuke.telephony.internal.guard;

import java.net.InetAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongSupplier;
import jp.uketsuke.telephony.FloodLimits;
import jp.uketsuke.telephony.SipDropReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-source-address protection in front of call handling: a token bucket per source, a temporary
 * block for a source over its rate (extended while it keeps flooding), scanner signatures, header
 * and per-source dialog and connection limits, and failed-authentication counting.
 *
 * <p>Memory stays bounded: at most {@link FloodLimits#maxTrackedSources()} sources are remembered,
 * idle ones are forgotten by {@link #sweep()}, and sources beyond the table share one limit. Every
 * method is cheap and never blocks on I/O; it runs on the stack's receiving threads.
 */
public final class SourceGuard {

    /** A held dialog or connection; closing it (once or more) gives the slot back. */
    public interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    private static final Logger log = LoggerFactory.getLogger(SourceGuard.class);
    /** Sources beyond the table share a limit this many times one source's, so strangers are not all shut out. */
    private static final int SHARED_FACTOR = 10;
    private static final long SWEEP_ON_FULL_INTERVAL = TimeUnit.SECONDS.toNanos(1);

    private final FloodLimits limits;
    private final LongSupplier nanoClock;
    private final long blockNanos;
    private final long authenticationWindowNanos;
    private final double tokensPerNano;
    private final List<AddressRange> exemptRanges;
    private final Set<InetAddress> exemptAddresses = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<InetAddress, Source> sources = new ConcurrentHashMap<>();
    private final Source shared;
    private final EnumMap<SipDropReason, LongAdder> dropped = new EnumMap<>(SipDropReason.class);
    private final LongAdder blocks = new LongAdder();
    private final LongAdder authenticationFailures = new LongAdder();
    private final AtomicLong lastFullSweep = new AtomicLong(Long.MIN_VALUE);

    public SourceGuard(FloodLimits limits) {
        this(limits, System::nanoTime);
    }

    /** @param nanoClock monotonic clock in nanoseconds (tests move it by hand) */
    public SourceGuard(FloodLimits limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.nanoClock = nanoClock;
        this.blockNanos = limits.blockFor().toNanos();
        this.authenticationWindowNanos = limits.authenticationWindow().toNanos();
        this.tokensPerNano = limits.requestsPerSecond() / 1e9;
        this.exemptRanges = limits.exemptSources().stream().map(AddressRange::parse).toList();
        for (SipDropReason reason : SipDropReason.values()) {
            dropped.put(reason, new LongAdder());
        }
        this.shared = new Source(limits.burst() * (double) SHARED_FACTOR, nanoClock.getAsLong());
    }

    public FloodLimits limits() {
        return limits;
    }

    /** No limit applies to this source from now on (e.g. a configured trunk's address). */
    public void exempt(InetAddress source) {
        exemptAddresses.add(source);
        Source s = sources.get(source);
        if (s != null) {
            synchronized (s) {
                s.removed = true;
                sources.remove(source, s);
            }
        }
    }

    public boolean isExempt(InetAddress source) {
        if (exemptAddresses.contains(source)) {
            return true;
        }
        for (AddressRange range : exemptRanges) {
            if (range.contains(source)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A datagram arrived (before it is parsed): null lets it through, otherwise the reason it is
     * dropped. Each datagram costs the source one token.
     */
    public SipDropReason admitDatagram(InetAddress source) {
        if (isExempt(source)) {
            return null;
        }
        return counted(withSource(source, s -> s.take(nanoClock.getAsLong())));
    }

    /**
     * A TCP connection was accepted: a lease to close with the connection, or null when the
     * connection is to be closed at once (blocked, over the rate, or too many connections).
     */
    public Lease openConnection(InetAddress source) {
        if (isExempt(source)) {
            return () -> { };
        }
        Source[] held = new Source[1];
        SipDropReason reason = withSource(source, s -> {
            SipDropReason verdict = s.take(nanoClock.getAsLong());
            if (verdict == null && s.connections >= connectionLimit(s)) {
                verdict = SipDropReason.CONNECTION_LIMIT;
            }
            if (verdict == null) {
                s.connections++;
                held[0] = s;
            }
            return verdict;
        });
        if (counted(reason) != null) {
            return null;
        }
        return new SlotLease(held[0], false);
    }

    /**
     * A parsed request: null lets it through, otherwise why it is dropped without an answer.
     *
     * @param userAgent    the User-Agent header's value, or null
     * @param headerCount  header field values in the request
     * @param countRate    whether the request costs a token (datagrams already paid at the socket)
     */
    public SipDropReason admitRequest(InetAddress source, String userAgent, int headerCount, boolean countRate) {
        if (headerCount > limits.maxHeaders()) {
            return counted(SipDropReason.TOO_MANY_HEADERS);
        }
        if (isExempt(source)) {
            return null;
        }
        if (userAgent != null && isScanner(userAgent)) {
            withSource(source, s -> {
                s.block(nanoClock.getAsLong());
                return null;
            });
            return counted(SipDropReason.SCANNER);
        }
        return counted(withSource(source, s -> {
            long now = nanoClock.getAsLong();
            return countRate ? s.take(now) : s.isBlocked(now) ? SipDropReason.BLOCKED : null;
        }));
    }

    /** Whether messages from this source are being dropped right now. */
    public boolean isBlocked(InetAddress source) {
        if (isExempt(source)) {
            return false;
        }
        Source s = sources.get(source);
        if (s == null) {
            return false;
        }
        synchronized (s) {
            return s.isBlocked(nanoClock.getAsLong());
        }
    }

    /** A new call from this source: a lease to close when the call ends, or null when it holds too many. */
    public Lease openDialog(InetAddress source) {
        if (isExempt(source)) {
            return () -> { };
        }
        Source[] held = new Source[1];
        boolean admitted = withSource(source, s -> {
            if (s.dialogs >= dialogLimit(s)) {
                return false;
            }
            s.dialogs++;
            held[0] = s;
            return true;
        });
        if (!admitted) {
            counted(SipDropReason.DIALOG_LIMIT);
            return null;
        }
        return new SlotLease(held[0], true);
    }

    /**
     * A request from this source failed authentication (wrong password, unknown user). Enough of them
     * within the window block the source, as a password guesser would be.
     */
    public void authenticationFailed(InetAddress source) {
        authenticationFailures.increment();
        if (isExempt(source)) {
            return;
        }
        withSource(source, s -> {
            long now = nanoClock.getAsLong();
            if (s.authenticationFailures == 0 || now - s.authenticationWindowStart > authenticationWindowNanos) {
                s.authenticationFailures = 0;
                s.authenticationWindowStart = now;
            }
            s.authenticationFailures++;
            if (s.authenticationFailures >= limits.authenticationFailuresToBlock() && !s.isBlocked(now)) {
                s.block(now);
                log.info("a SIP source is blocked after {} failed authentications", s.authenticationFailures);
            }
            return null;
        });
    }

    /** A request from this source authenticated: its earlier failures are forgiven. */
    public void authenticationSucceeded(InetAddress source) {
        Source s = sources.get(source);
        if (s != null) {
            synchronized (s) {
                s.authenticationFailures = 0;
            }
        }
    }

    /** Counts a message dropped elsewhere (e.g. an oversized datagram at the socket). */
    public void countDrop(SipDropReason reason) {
        dropped.get(reason).increment();
    }

    /** Forgets every source that is quiet, not blocked and holds nothing; call it every few seconds. */
    public void sweep() {
        long now = nanoClock.getAsLong();
        sources.forEach((address, s) -> {
            synchronized (s) {
                if (s.idle(now)) {
                    s.removed = true;
                    sources.remove(address, s);
                }
            }
        });
    }

    /** Sources remembered right now (for tests and a memory check). */
    public int trackedSources() {
        return sources.size();
    }

    /** Sources being dropped right now; a count only, never which. */
    public int blockedSources() {
        long now = nanoClock.getAsLong();
        int blocked = 0;
        for (Source s : sources.values()) {
            synchronized (s) {
                if (s.isBlocked(now)) {
                    blocked++;
                }
            }
        }
        return blocked;
    }

    /** Dialogs and connections held, over all sources; zero when everything was given back. */
    public int heldSlots() {
        int held;
        synchronized (shared) {
            held = shared.dialogs + shared.connections;
        }
        for (Source s : sources.values()) {
            synchronized (s) {
                held += s.dialogs + s.connections;
            }
        }
        return held;
    }

    public long blocksTotal() {
        return blocks.sum();
    }

    public long authenticationFailuresTotal() {
        return authenticationFailures.sum();
    }

    public Map<SipDropReason, Long> droppedByReason() {
        Map<SipDropReason, Long> snapshot = new EnumMap<>(SipDropReason.class);
        dropped.forEach((reason, count) -> snapshot.put(reason, count.sum()));
        return snapshot;
    }

    private boolean isScanner(String userAgent) {
        String lower = userAgent.toLowerCase(java.util.Locale.ROOT);
        for (String signature : limits.scannerUserAgents()) {
            if (lower.contains(signature)) {
                return true;
            }
        }
        return false;
    }

    private int dialogLimit(Source s) {
        return s == shared ? limits.maxDialogsPerSource() * SHARED_FACTOR : limits.maxDialogsPerSource();
    }

    private int connectionLimit(Source s) {
        return s == shared ? limits.maxConnectionsPerSource() * SHARED_FACTOR : limits.maxConnectionsPerSource();
    }

    private SipDropReason counted(SipDropReason reason) {
        if (reason != null) {
            dropped.get(reason).increment();
        }
        return reason;
    }

    /** Runs {@code action} under the source's lock, on the shared entry when the table is full. */
    private <T> T withSource(InetAddress address, Function<Source, T> action) {
        while (true) {
            Source s = sources.get(address);
            if (s == null) {
                if (sources.size() >= limits.maxTrackedSources() && !sweptJustNow()) {
                    sweep();
                }
                if (sources.size() >= limits.maxTrackedSources()) {
                    synchronized (shared) {
                        return action.apply(shared);
                    }
                }
                s = sources.computeIfAbsent(address, a -> new Source(limits.burst(), nanoClock.getAsLong()));
            }
            synchronized (s) {
                if (!s.removed) {
                    return action.apply(s);
                }
            }
            // swept between lookup and lock: look again
        }
    }

    /** A full table is swept at most once a second, so a flood cannot make every packet walk the table. */
    private boolean sweptJustNow() {
        long now = nanoClock.getAsLong();
        long last = lastFullSweep.get();
        if (last != Long.MIN_VALUE && now - last < SWEEP_ON_FULL_INTERVAL) {
            return true;
        }
        return !lastFullSweep.compareAndSet(last, now);
    }

    /** One source's state; every field is guarded by the instance's monitor. */
    private final class Source {
        private final double capacity;
        private double tokens;
        private long refilledAt;
        private boolean blocked;
        private long blockedUntil;
        private int dialogs;
        private int connections;
        private int authenticationFailures;
        private long authenticationWindowStart;
        private boolean removed;

        Source(double capacity, long now) {
            this.capacity = capacity;
            this.tokens = capacity;
            this.refilledAt = now;
        }

        /** Spends one token: null when there was one, else the reason to drop. */
        SipDropReason take(long now) {
            refill(now);
            if (isBlocked(now)) {
                if (tokens >= 1) {
                    tokens -= 1;
                } else {
                    // still sending faster than allowed: the block lasts
                    blockedUntil = now + blockNanos;
                }
                return SipDropReason.BLOCKED;
            }
            if (tokens >= 1) {
                tokens -= 1;
                return null;
            }
            if (this != shared) {
                block(now);
            }
            return SipDropReason.RATE_LIMITED;
        }

        void block(long now) {
            if (this == shared) {
                return;
            }
            if (!isBlocked(now)) {
                blocks.increment();
            }
            blocked = true;
            blockedUntil = now + blockNanos;
            tokens = Math.min(tokens, 0);
        }

        boolean isBlocked(long now) {
            if (blocked && now - blockedUntil >= 0) {
                blocked = false;
            }
            return blocked;
        }

        boolean idle(long now) {
            refill(now);
            return !isBlocked(now) && dialogs == 0 && connections == 0 && tokens >= capacity
                    && (authenticationFailures == 0 || now - authenticationWindowStart > authenticationWindowNanos);
        }

        private void refill(long now) {
            long elapsed = now - refilledAt;
            if (elapsed > 0) {
                tokens = Math.min(capacity, tokens + elapsed * tokensPerNano * (this == shared ? SHARED_FACTOR : 1));
                refilledAt = now;
            }
        }
    }

    /** A dialog or connection slot of one source entry; the entry is not forgotten while it is held. */
    private static final class SlotLease implements Lease {
        private final Source source;
        private final boolean dialog;
        private boolean closed;

        SlotLease(Source source, boolean dialog) {
            this.source = source;
            this.dialog = dialog;
        }

        @Override
        public void close() {
            synchronized (source) {
                if (closed) {
                    return;
                }
                closed = true;
                if (dialog) {
                    source.dialogs--;
                } else {
                    source.connections--;
                }
            }
        }
    }
}
