package jp.uketsuke.summary;

import java.util.Objects;

/**
 * What a call was about (F2), made after the call ended and only stored and shown to staff, never spoken to a caller
 * (S4). Self-validating: whatever made it (offline rules or an LLM), nothing but these short fields can be stored.
 *
 * @param callerName     the name the caller gave, or null
 * @param callbackNumber a Japanese number in national form ("09012345678"), or null
 * @param requested      the date and time the caller asked for, or null
 */
public record Summary(PurposeCategory category, String callerName, String callbackNumber, RequestedTime requested,
                      Urgency urgency, SummaryMethod method) {

    public static final int MAX_NAME_CHARS = 40;

    public Summary {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(urgency, "urgency");
        Objects.requireNonNull(method, "method");
        if (callerName != null && (callerName.isBlank() || callerName.length() > MAX_NAME_CHARS
                || !callerName.matches("[\\p{L}\\p{M}ー・ .'-]+"))) {
            throw new IllegalArgumentException("A caller's name is 1 to " + MAX_NAME_CHARS + " letters");
        }
        if (callbackNumber != null && !callbackNumber.matches("0\\d{9,10}")) {
            throw new IllegalArgumentException("A callback number is a Japanese number in national form");
        }
    }
}
