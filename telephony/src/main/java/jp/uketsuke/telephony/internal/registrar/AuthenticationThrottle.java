package jp.uketsuke.telephony.internal.registrar;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Slows password guessing against staff phones: failed digest authentications are counted per source address and
 * per phone within a window; at the limit the source (or the phone, from strangers) is refused without a challenge
 * until the window has passed. In memory, per node.
 */
public final class AuthenticationThrottle {

    private record Failures(int count, Instant first) {
    }

    /** Beyond this many keys, expired ones are swept before a new one is added. */
    private static final int SWEEP_AT = 100_000;

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration window;
    private final int sourceLimit;
    private final int phoneLimit;
    /**
     * Told of every failure's source as well. This is the hook for the flood guard
     * ({@code SourceGuard.authenticationFailed(InetAddress)}), which blocks a source for everything, not only for
     * authentication.
     */
    private final Consumer<InetAddress> alsoTell;

    public AuthenticationThrottle(Clock clock, Duration window, int sourceLimit, int phoneLimit,
                                  Consumer<InetAddress> alsoTell) {
        this.clock = clock;
        this.window = window;
        this.sourceLimit = sourceLimit;
        this.phoneLimit = phoneLimit;
        this.alsoTell = alsoTell;
    }

    public boolean sourceBlocked(InetAddress source) {
        return reached(sourceKey(source), sourceLimit);
    }

    public boolean phoneBlocked(String username) {
        return reached(phoneKey(username), phoneLimit);
    }

    /**
     * Counts a failure against the source, and against the phone when {@code knownUsername} names one that exists
     * (so guessing names cannot grow the table beyond one entry per source).
     */
    public void failed(InetAddress source, String knownUsername) {
        count(sourceKey(source));
        if (knownUsername != null) {
            count(phoneKey(knownUsername));
        }
        alsoTell.accept(source);
    }

    /** A phone that authenticated is no longer being guessed at from there; the source keeps its count. */
    public void succeeded(String username) {
        failures.remove(phoneKey(username));
    }

    private boolean reached(String key, int limit) {
        Failures f = failures.get(key);
        return f != null && clock.instant().isBefore(f.first().plus(window)) && f.count() >= limit;
    }

    private void count(String key) {
        Instant now = clock.instant();
        if (failures.size() > SWEEP_AT) {
            failures.values().removeIf(f -> !now.isBefore(f.first().plus(window)));
        }
        failures.compute(key, (k, f) -> f == null || !now.isBefore(f.first().plus(window))
                ? new Failures(1, now) : new Failures(f.count() + 1, f.first()));
    }

    private static String sourceKey(InetAddress source) {
        return "source:" + (source == null ? "" : source.getHostAddress());
    }

    private static String phoneKey(String username) {
        return "phone:" + username;
    }
}
