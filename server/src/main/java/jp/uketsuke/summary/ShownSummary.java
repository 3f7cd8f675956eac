package jp.uketsuke.summary;

/**
 * A call's summary as one viewer may see it: name and number are masked for those without
 * {@code transcripts:unredacted} (S8), exactly as the call's transcript is.
 */
public record ShownSummary(PurposeCategory category, String callerName, String callbackNumber, RequestedTime requested,
                           Urgency urgency, SummaryMethod method, boolean masked) {
}
