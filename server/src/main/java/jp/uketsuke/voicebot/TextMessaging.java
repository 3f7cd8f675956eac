package jp.uketsuke.voicebot;

/**
 * Sends the caller a text message (SMS, F6) during a call. Queues and returns at once: the provider is never waited
 * for on the call's thread; delivery and its failures are kept on the call's record.
 */
public interface TextMessaging {

    /** Sends nothing. */
    TextMessaging NONE = (facts, destination, text) -> new Queued(false, "text messages are not configured");

    /** The simulator's: accepts every message and sends none; the simulation shows what would have been sent. */
    TextMessaging SIMULATED = (facts, destination, text) -> new Queued(true, "simulation: shown here, not sent");

    /**
     * @param destination a normalised Japanese mobile number (070/080/090, see {@link TextDestination})
     * @return whether it was accepted for sending, and why not (rate or monthly limit, opted out, not configured);
     *         a refusal is on the call's record too
     */
    Queued send(CallFacts facts, String destination, String text);

    /** @param reason why it was not accepted (no personal data: it is said in the transcript), or a remark */
    record Queued(boolean accepted, String reason) {
    }
}
