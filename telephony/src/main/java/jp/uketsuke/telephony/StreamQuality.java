package jp.uketsuke.telephony;

/**
 * How one far end's RTP stream arrived, reported once when its call or outbound leg ends (for a distribution of
 * per-call quality). Counts only: nothing says who called or from where.
 *
 * @param outboundLeg      whether the stream was an outbound leg's (the callee's audio) rather than a caller's
 * @param packetsExpected  packets the sender's sequence numbers say were sent
 * @param packetsLost      of those, packets never received (RFC 3550 A.3)
 * @param jitterMeasured   whether two audio packets at least arrived, so that jitter means something
 * @param jitterSeconds    the final interarrival jitter estimate (RFC 3550 6.4.1), in seconds; 0 when not measured
 */
public record StreamQuality(boolean outboundLeg, long packetsExpected, long packetsLost, boolean jitterMeasured,
                            double jitterSeconds) {
}
