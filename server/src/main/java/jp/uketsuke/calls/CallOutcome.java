package jp.uketsuke.calls;

/** How a call ended, as staff want to filter it. */
public enum CallOutcome {
    /** Still going, or the server stopped before it could close the record. */
    IN_PROGRESS,
    FAQ_ANSWERED,
    MESSAGE_TAKEN,
    CALLER_HUNG_UP,
    /** Screened out as a sales call or by a block list (F4): declined politely or sent to voicemail. */
    BLOCKED,
    /** The flow came to its end (a goodbye, an announcement) with no answer, message or transfer. */
    COMPLETED,
    /** Handed to a member of staff: bridged and talked to staff, or passed on by a blind transfer. */
    TRANSFERRED,
    /** The server stopped during the call; what was recorded up to then is kept. */
    INCOMPLETE
}
