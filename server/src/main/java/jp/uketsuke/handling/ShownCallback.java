package jp.uketsuke.handling;

import java.time.Instant;
import java.util.UUID;

/**
 * A callback task as one viewer may see it; the number masked for a viewer without {@code transcripts:unredacted}.
 *
 * @param noteId  the note it came from, or null when made by hand
 * @param doneAt  null while not done
 * @param version goes up with every change; a change names the version it was made from
 */
public record ShownCallback(UUID id, UUID callId, UUID tenantId, UUID noteId, Instant dueAt, String assignee,
                            String number, String createdBy, Instant createdAt, Instant doneAt, String doneBy,
                            int version, boolean masked) {

    public boolean done() {
        return doneAt != null;
    }

    public boolean overdue(Instant now) {
        return doneAt == null && dueAt.isBefore(now);
    }
}
