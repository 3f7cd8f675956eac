package jp.uketsuke.voicebot;

import java.util.List;

/**
 * What the bot says and listens for on a tenant's calls (F9). The flow for this first version is
 * fixed in shape — greet, ask, answer from the FAQ or take a message, say goodbye — and every
 * sentence in it is the tenant's to change.
 *
 * @param language     BCP 47 tag of prompts and recognition, e.g. "en-US", "ja-JP"
 * @param messageDigit menu key that starts message taking
 * @param messagePhrases what callers say to leave a message
 * @param transfer     handing callers to staff, or null: who asks for staff leaves a message
 */
public record CallFlow(String language, String greeting, String question, String notUnderstood,
                       String anythingElse, String messagePrompt, String messageThanks, String goodbye,
                       String suspended, char messageDigit, List<String> messagePhrases,
                       List<String> closingPhrases, List<FaqEntry> faq, StaffTransfer transfer) {

    public CallFlow {
        messagePhrases = List.copyOf(messagePhrases);
        closingPhrases = List.copyOf(closingPhrases);
        faq = List.copyOf(faq);
    }

    /** A flow without transfer to staff. */
    public CallFlow(String language, String greeting, String question, String notUnderstood, String anythingElse,
                    String messagePrompt, String messageThanks, String goodbye, String suspended, char messageDigit,
                    List<String> messagePhrases, List<String> closingPhrases, List<FaqEntry> faq) {
        this(language, greeting, question, notUnderstood, anythingElse, messagePrompt, messageThanks, goodbye,
                suspended, messageDigit, messagePhrases, closingPhrases, faq, null);
    }

    /** This flow with {@code staffTransfer} (null: none). */
    public CallFlow withTransfer(StaffTransfer staffTransfer) {
        return new CallFlow(language, greeting, question, notUnderstood, anythingElse, messagePrompt, messageThanks,
                goodbye, suspended, messageDigit, messagePhrases, closingPhrases, faq, staffTransfer);
    }
}
