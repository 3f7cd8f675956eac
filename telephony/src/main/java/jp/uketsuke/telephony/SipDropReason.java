package jp.uketsuke.telephony;

/** Why the SIP guard dropped or refused a message; counted per reason in {@link TelephonyMetrics}. */
public enum SipDropReason {
    /** From a source that is blocked right now. */
    BLOCKED,
    /** The message that took its source over the rate limit; the source is blocked from then on. */
    RATE_LIMITED,
    /** A scanner's User-Agent; dropped without an answer, and the source blocked. */
    SCANNER,
    /** A datagram larger than the largest message accepted. */
    TOO_LARGE,
    /** A TCP connection closed in the middle of a message: the rest never came (RFC 4475 clerr over a stream). */
    INCOMPLETE,
    /** More header field values than allowed. */
    TOO_MANY_HEADERS,
    /** A TCP connection beyond the source's limit of open connections, closed at once. */
    CONNECTION_LIMIT,
    /** An INVITE beyond the source's limit of calls at once, answered 503. */
    DIALOG_LIMIT
}
