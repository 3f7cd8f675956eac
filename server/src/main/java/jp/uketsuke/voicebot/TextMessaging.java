package jp.uketsuke.voicebot;

/**
 * Sends the caller a text message (SMS, F6) during a call. Queues and returns at once: the provider is never waited
 * for on the call's thread; delivery and its failures are kept on the call's record.
 */
public interface TextMessaging {

    /** Sends nothing. */
    TextMessaging NONE = (facts, destination, text) -> new Queued(false, "text messages are not configured");

    /**
     * @param destination a normalised Japanese mobile number (070/080/090)
     * @return whether it was accepted for sending, and why not (rate or monthly limit, opted out, not configured)
     */
    Queued send(CallFacts facts, String destination, String text);

    record Queued(boolean accepted, String reason) {
    }
}
