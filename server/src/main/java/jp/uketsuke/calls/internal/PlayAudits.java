package jp.uketsuke.calls.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Which requests for a recording start a play that the operation log must show (S7). A browser's player reads one
 * play as many range requests (the start, then every seek and buffer refill), and one audit event per range would
 * bury the log. So a request is audited when it starts at byte 0 (a new play: what a player asks first), or when this
 * viewer has no audited play of this call in the last {@link #WINDOW}. A client that skips byte 0 is therefore still
 * audited on its first request, and one that keeps reading ranges is audited again at least once per window, since
 * the window runs from the last audited request, not from the last request. The memory is per node and bounded: a
 * request another node served, or a forgotten entry, only means one audit event more, never one less.
 */
final class PlayAudits {

    static final Duration WINDOW = Duration.ofMinutes(5);
    private static final int MAX_REMEMBERED = 10_000;

    private final Clock clock;
    private final Map<Key, Instant> lastAudited = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Instant> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    private record Key(String actor, UUID callId) {
    }

    PlayAudits(Clock clock) {
        this.clock = clock;
    }

    /** Whether this request must be audited; when it must, it becomes the start of the window. */
    synchronized boolean mustAudit(String actor, UUID callId, long firstByte) {
        Key key = new Key(actor, callId);
        Instant now = clock.instant();
        Instant last = lastAudited.get(key);
        boolean continues = firstByte > 0 && last != null && !now.isBefore(last) && now.isBefore(last.plus(WINDOW));
        if (continues) {
            return false;
        }
        lastAudited.put(key, now);
        return true;
    }
}
