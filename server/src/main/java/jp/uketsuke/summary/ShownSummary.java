package jp.uketsuke.summary;

/**
 * A call's summary as one viewer may see it: for those without {@code transcripts:unredacted} (S8) the callback
 * number is masked as in transcripts and the name withheld ({@code nameHidden} says one was given).
 */
public record ShownSummary(PurposeCategory category, String callerName, String callbackNumber, RequestedTime requested,
                           Urgency urgency, SummaryMethod method, boolean masked, boolean nameHidden) {
}
