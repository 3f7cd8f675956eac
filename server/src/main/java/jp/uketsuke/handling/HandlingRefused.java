package jp.uketsuke.handling;

/**
 * A change that was not made, and why, for the person who asked (the console shows {@code work.error.<reason>}).
 * Nothing was written.
 */
public final class HandlingRefused extends RuntimeException {

    public enum Reason {
        /** The page was made from an older version: someone else changed the call (or task) meanwhile. */
        STALE,
        /** Not a step of the workflow (e.g. 対応済み → 未対応). */
        TRANSITION,
        /** Not one of the tenant's staff who may read its calls. */
        ASSIGNEE,
        /** Empty, too long, or with control characters. */
        TAG,
        /** The call has {@link Tags#MAX_PER_CALL} tags already. */
        TOO_MANY_TAGS,
        /** A note field is too long, has control characters, or the callback lacks a number or time. */
        NOTE,
        /** Not a phone number. */
        NUMBER,
        /** A callback's due time is missing or out of range. */
        DUE
    }

    private final Reason reason;

    public HandlingRefused(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
