package jp.uketsuke.telephony.internal.sip;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import jp.uketsuke.telephony.OverloadReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission control for new calls. A call is "in set-up" from the moment its INVITE is taken from the stack until
 * it rings or is refused: the application's decision (database reads, the tenant's flow) and the media set-up. When
 * the server falls behind, that number is what grows first (Little's law: calls in set-up = arrival rate x set-up
 * time), and the callers beyond it would only wait, retransmit their INVITE and give up, leaving work for calls
 * nobody waits for. So while {@code maxInSetup} calls are in set-up, or {@code maxCalls} are up, a new INVITE is
 * answered 503 with Retry-After at once, before any work is done for it. No clock is involved, so a set-up that is
 * merely slow costs one slot and never closes the door by itself.
 *
 * <p>How long requests wait in the stack's queue before any of this ({@link StackQueue}) is only reported, not used
 * to refuse calls: measured at 300 calls/s from a cold start on a starved machine, that wait stayed above half a second
 * however many calls were refused, because a 503 costs the stack as much as the INVITE it answers; refusing by it
 * turned away calls the server would have answered.
 */
final class CallSetups {

    private static final Logger log = LoggerFactory.getLogger(CallSetups.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** One call's place in set-up; closed exactly once, when the call rings, is answered or is refused. */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    private final int maxInSetup;
    private final int maxCalls;
    private final Duration retryAfter;
    private final AtomicInteger inSetup = new AtomicInteger();
    private final Map<OverloadReason, AtomicLong> refused = new EnumMap<>(OverloadReason.class);
    /** Refusals are logged at most every ten seconds: under load a line per INVITE would add to the load. */
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private final AtomicLong refusedSinceLogged = new AtomicLong();

    CallSetups(int maxInSetup, int maxCalls, Duration retryAfter) {
        this.maxInSetup = maxInSetup;
        this.maxCalls = maxCalls;
        this.retryAfter = retryAfter;
        for (OverloadReason reason : OverloadReason.values()) {
            refused.put(reason, new AtomicLong());
        }
    }

    /**
     * A slot for a new call, or null when the server is full; the refusal is then counted under its reason and the
     * INVITE must be answered 503 with {@link #retryAfterSeconds()}.
     *
     * @param callsUp calls ringing or answered now (those in set-up are counted here)
     */
    Slot begin(int callsUp) {
        int taken = inSetup.incrementAndGet();
        // calls in set-up count towards maxCalls too: they are about to ring
        if (callsUp + taken > maxCalls) {
            inSetup.decrementAndGet();
            return refuse(OverloadReason.CALL_LIMIT, callsUp);
        }
        if (taken > maxInSetup) {
            inSetup.decrementAndGet();
            return refuse(OverloadReason.SETUP_LIMIT, callsUp);
        }
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) {
                inSetup.decrementAndGet();
            }
        };
    }

    private Slot refuse(OverloadReason reason, int callsUp) {
        refused.get(reason).incrementAndGet();
        refusedSinceLogged.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= LOG_EVERY_NANOS && lastLogged.compareAndSet(last, now)) {
            log.warn("Overloaded: {} new calls refused with 503 and Retry-After {} s since the last report; now {}"
                            + " with {} calls in set-up and {} up", refusedSinceLogged.getAndSet(0), retryAfterSeconds(),
                    reason.name().toLowerCase(Locale.ROOT), inSetup.get(), callsUp);
        }
        return null;
    }

    int retryAfterSeconds() {
        return (int) Math.max(1, retryAfter.toSeconds());
    }

    int inSetup() {
        return inSetup.get();
    }

    Map<OverloadReason, Long> refused() {
        Map<OverloadReason, Long> counts = new EnumMap<>(OverloadReason.class);
        refused.forEach((reason, count) -> counts.put(reason, count.get()));
        return counts;
    }
}
