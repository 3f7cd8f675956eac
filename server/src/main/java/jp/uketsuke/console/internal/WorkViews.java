package jp.uketsuke.console.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import jp.uketsuke.calls.CallStatus;
import jp.uketsuke.handling.CallHandling;
import jp.uketsuke.handling.ShownCallback;
import jp.uketsuke.handling.ShownNote;

/** How the call page and the callbacks page show a call's handling, its notes and callbacks: Japan time, yyyy/MM/dd HH:mm. */
final class WorkViews {

    static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");
    /** What a datetime-local input sends and is given. */
    static final DateTimeFormatter LOCAL_INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private WorkViews() {
    }

    static String shown(Instant at) {
        return at == null ? null : SHOWN.format(at.atZone(CallView.ZONE));
    }

    static String input(Instant at) {
        return at == null ? "" : LOCAL_INPUT.format(at.atZone(CallView.ZONE));
    }

    /** A datetime-local value in Japan time; null for blank. @throws IllegalArgumentException when unreadable */
    static Instant parseLocal(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > 32) {
            throw new IllegalArgumentException("not a time");
        }
        try {
            return LocalDateTime.parse(value.strip()).atZone(CallView.ZONE).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a time");
        }
    }

    /** "user:tanaka" → "tanaka"; other actors (API keys, system) as they are. */
    static String person(String actor) {
        return actor == null ? null : actor.startsWith("user:") ? actor.substring(5) : actor;
    }

    record HandlingView(String status, String statusKey, String assignee, String assigneeName, List<String> tags,
                        int version, List<String> nextStatuses, String changedAt) {

        static HandlingView of(CallHandling h) {
            return new HandlingView(h.status().name(), "work.status." + h.status().name(), h.assignee(),
                    person(h.assignee()), h.tags(), h.version(),
                    java.util.Arrays.stream(CallStatus.values()).filter(s -> CallHandling.mayMove(h.status(), s))
                            .map(Enum::name).toList(), shown(h.statusChangedAt()));
        }
    }

    record NoteView(UUID id, String author, String createdAt, String callerName, boolean nameHidden, String company,
                    String categoryKey, String text, boolean callbackNeeded, String callbackNumber, String callbackBy) {

        static NoteView of(ShownNote n) {
            return new NoteView(n.id(), person(n.author()), shown(n.createdAt()), n.callerName(), n.nameHidden(),
                    n.company(), "summary.category." + n.category().name(), n.text(), n.callbackNeeded(),
                    n.callbackNumber(), shown(n.callbackBy()));
        }
    }

    record CallbackView(UUID id, UUID callId, String tenantName, String dueAt, boolean overdue, String assignee,
                        String assigneeName, String number, boolean done, String doneAt, String doneBy, int version,
                        boolean fromNote) {

        static CallbackView of(ShownCallback c, Instant now, String tenantName) {
            return new CallbackView(c.id(), c.callId(), tenantName, shown(c.dueAt()), c.overdue(now), c.assignee(),
                    person(c.assignee()), c.number(), c.done(), shown(c.doneAt()), person(c.doneBy()), c.version(),
                    c.noteId() != null);
        }
    }
}
