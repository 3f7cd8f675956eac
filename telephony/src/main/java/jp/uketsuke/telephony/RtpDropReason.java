package jp.uketsuke.telephony;

/** Why an incoming RTP packet was not used; counted per reason in {@link TelephonyMetrics}. */
public enum RtpDropReason {
    /** Not RTP version 2, too short, bad padding or header extension. */
    MALFORMED,
    /** From an address other than the one in the caller's SDP. */
    FOREIGN_SOURCE,
    /** A different SSRC than the first valid packet of the call. */
    FOREIGN_SSRC,
    /** A payload type that was not negotiated. */
    UNEXPECTED_PAYLOAD_TYPE,
    /** Same sequence number seen twice. */
    DUPLICATE,
    /** Arrived after its place in the stream was already played out. */
    LATE,
    /** The jitter buffer was full (caller sending faster than real time). */
    OVERFLOW,
    /** An SRTP packet whose authentication tag did not verify: forged, corrupted or under another key. */
    AUTHENTICATION
}
