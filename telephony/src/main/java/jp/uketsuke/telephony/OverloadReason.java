package jp.uketsuke.telephony;

/** Why a new call was refused with 503 and Retry-After because the server was full; counted in {@link TelephonyMetrics}. */
public enum OverloadReason {
    /** As many calls as {@link SipSettings#maxCallsInSetup()} were still being set up: the server is behind. */
    SETUP_LIMIT,
    /** As many calls as {@link SipSettings#maxCalls()} were ringing or answered. */
    CALL_LIMIT
}
