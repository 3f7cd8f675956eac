package jp.uketsuke.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing against one account: after {@value #MAX_FAILURES} wrong passwords within
 * {@link #WINDOW}, the account refuses every password until the window has passed. Per node, in memory;
 * a later issue adds per-address limits and a shared store.
 */
@Component
class LoginThrottle {

    static final int MAX_FAILURES = 10;
    static final Duration WINDOW = Duration.ofMinutes(15);

    private record Failures(int count, Instant since) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    boolean locked(String username) {
        Failures f = failures.get(UserAccounts.normalise(username));
        return f != null && f.count() >= MAX_FAILURES && clock.instant().isBefore(f.since().plus(WINDOW));
    }

    /** Counts only known accounts, so that guessing names cannot grow this map without bound. */
    void failed(String username) {
        Instant now = clock.instant();
        failures.compute(UserAccounts.normalise(username), (k, f) ->
                f == null || !now.isBefore(f.since().plus(WINDOW)) ? new Failures(1, now) : new Failures(f.count() + 1, f.since()));
    }

    void succeeded(String username) {
        failures.remove(UserAccounts.normalise(username));
    }
}
