package jp.uketsuke.telephony;

/** Why a new call was refused with 503 and Retry-After because the server was full; counted in {@link TelephonyMetrics}. */
public enum OverloadReason {
    /** As many calls as {@link SipSettings#maxCallsInSetup()} were still being set up: the server is behind. */
    SETUP_LIMIT,
    /**
     * The oldest SIP datagram waiting for the stack had waited longer than {@link SipSettings#maxQueueWait()}: every
     * request is answered late, and callers are retransmitting.
     */
    QUEUE_WAIT,
    /** As many calls as {@link SipSettings#maxCalls()} were ringing or answered. */
    CALL_LIMIT
}
