package jp.uketsuke.notify.internal;

import java.util.EnumSet;
import java.util.Set;
import jp.uketsuke.calls.CallOutcome;

/**
 * What a rule can ask to be told of. Mostly a call's {@link CallOutcome}; a missed transfer is not an outcome of its
 * own (a transfer nobody answered ends as a message taken or a hang-up), so it is read from the call's transfer turns.
 */
enum NotifiedOutcome {
    MESSAGE_TAKEN,
    TRANSFER_MISSED,
    TRANSFERRED,
    FAQ_ANSWERED,
    BLOCKED,
    CALLER_HUNG_UP,
    COMPLETED,
    INCOMPLETE;

    /** What a call that ended so is, before its turns are read. */
    static Set<NotifiedOutcome> of(CallOutcome outcome) {
        return switch (outcome) {
            case IN_PROGRESS -> EnumSet.noneOf(NotifiedOutcome.class);
            default -> EnumSet.of(valueOf(outcome.name()));
        };
    }
}
