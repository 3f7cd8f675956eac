package jp.uketsuke.identity.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The console sessions that have completed sign-in, so that a user can see theirs and end them all, and so that a
 * session ends at its absolute lifetime however active it is. Keyed by a random handle kept in the HTTP session
 * (the servlet session id changes at each step of sign-in). Per node and in memory, like the HTTP sessions.
 */
@Component
class ActiveSessions {

    static final String ATTRIBUTE = "uketsuke.session";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the owner sees about one of their sessions; {@code handle} is never shown, only compared. */
    record Entry(String handle, String username, Instant created, Instant lastSeen, String address) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration absoluteLifetime;

    ActiveSessions(Clock clock,
                   @Value("${server.servlet.session.timeout:15m}") Duration idleTimeout,
                   @Value("${uketsuke.session.absolute-lifetime:8h}") Duration absoluteLifetime) {
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.absoluteLifetime = absoluteLifetime;
    }

    String open(String username, String address) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String handle = HexFormat.of().formatHex(bytes);
        Instant now = clock.instant();
        entries.put(handle, new Entry(handle, UserAccounts.normalise(username), now, now, address));
        return handle;
    }

    /**
     * Records a request of the session; empty when the session was ended elsewhere, went idle or outlived its
     * absolute lifetime, in which case it is forgotten and the caller signs the request out.
     */
    Optional<Entry> touch(String handle, String username, String address) {
        if (handle == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Entry updated = entries.computeIfPresent(handle, (h, e) -> e.username().equals(UserAccounts.normalise(username))
                && now.isBefore(e.created().plus(absoluteLifetime)) && now.isBefore(e.lastSeen().plus(idleTimeout))
                ? new Entry(h, e.username(), e.created(), now, address) : null);
        return Optional.ofNullable(updated);
    }

    List<Entry> of(String username) {
        Instant now = clock.instant();
        entries.values().removeIf(e -> !now.isBefore(e.lastSeen().plus(idleTimeout)) || !now.isBefore(e.created().plus(absoluteLifetime)));
        String name = UserAccounts.normalise(username);
        return entries.values().stream().filter(e -> e.username().equals(name))
                .sorted(Comparator.comparing(Entry::created).reversed()).toList();
    }

    void end(String handle) {
        if (handle != null) {
            entries.remove(handle);
        }
    }

    /** Ends every session of the user: each is signed out at its next request. */
    int endAll(String username) {
        String name = UserAccounts.normalise(username);
        int before = entries.size();
        entries.values().removeIf(e -> e.username().equals(name));
        return before - entries.size();
    }
}
