package jp.uketsuke.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Slows guessing of passwords and second-factor codes, per account and per client address. After a few failures
 * within {@link #WINDOW} each further attempt must wait longer (1 s, 2 s, 4 s … capped at the window); at the limit
 * the account or address is locked until the window has passed. A blocked attempt is refused without checking the
 * password, and the refusal reads exactly like a wrong password. Per node, in memory.
 */
@Component
class LoginThrottle {

    static final Duration WINDOW = Duration.ofMinutes(15);
    /** Failures an account may have before delays start, and before it is locked. */
    static final Limits ACCOUNT = new Limits(3, 10);

    /** Delays start after {@code freeFailures}; at {@code lockAt} failures the key is locked for the window. */
    record Limits(int freeFailures, int lockAt) {
    }

    private record Failures(int count, Instant first, Instant last) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Limits address;

    LoginThrottle(Clock clock,
                  // generous by default: many people may share one office or mobile-carrier address
                  @Value("${uketsuke.login.address-free-failures:50}") int addressFreeFailures,
                  @Value("${uketsuke.login.address-lock-at:200}") int addressLockAt) {
        this.clock = clock;
        this.address = new Limits(addressFreeFailures, addressLockAt);
    }

    /** Whether an attempt for this account (may be unknown) from this address must be refused now. */
    boolean blocked(String username, String remoteAddress) {
        return blocked(accountKey(username), ACCOUNT) || blocked(addressKey(remoteAddress), address);
    }

    boolean accountBlocked(String username) {
        return blocked(accountKey(username), ACCOUNT);
    }

    /**
     * Counts a failure against the address always, and against the account only when it exists, so that guessing
     * names cannot grow this map beyond one entry per address.
     */
    void failed(String knownUsername, String remoteAddress) {
        if (knownUsername != null) {
            count(accountKey(knownUsername));
        }
        count(addressKey(remoteAddress));
    }

    /** A successful sign-in clears the account's count; the address keeps its count, or one's own account would reset it. */
    void succeeded(String username) {
        failures.remove(accountKey(username));
    }

    private boolean blocked(String key, Limits limits) {
        Failures f = failures.get(key);
        Instant now = clock.instant();
        if (f == null || !now.isBefore(f.first().plus(WINDOW))) {
            return false;
        }
        if (f.count() >= limits.lockAt()) {
            return true;
        }
        int over = f.count() - limits.freeFailures();
        return over > 0 && now.isBefore(f.last().plus(delay(over)));
    }

    static Duration delay(int failuresOverFree) {
        Duration d = Duration.ofSeconds(1L << Math.min(failuresOverFree - 1, 10));
        return d.compareTo(WINDOW) > 0 ? WINDOW : d;
    }

    private void count(String key) {
        Instant now = clock.instant();
        if (failures.size() > 100_000) {
            failures.values().removeIf(f -> !now.isBefore(f.first().plus(WINDOW)));
        }
        failures.compute(key, (k, f) -> f == null || !now.isBefore(f.first().plus(WINDOW))
                ? new Failures(1, now, now) : new Failures(f.count() + 1, f.first(), now));
    }

    private static String accountKey(String username) {
        return "account:" + UserAccounts.normalise(username);
    }

    private static String addressKey(String remoteAddress) {
        return "address:" + (remoteAddress == null ? "" : remoteAddress);
    }
}
