package jp.uketsuke.handling;

import java.util.UUID;

/**
 * Something about how a call is handled changed: for live updates of the call list and for notifications. Ids only;
 * a listener reads what it may through the module's interfaces, which check and audit.
 */
public record CallHandlingChanged(UUID callId, UUID tenantId, Change change, String actor) {

    public enum Change {
        STATUS,
        ASSIGNEE,
        TAGS,
        NOTE,
        CALLBACK
    }
}
