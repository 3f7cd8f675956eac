package jp.uketsuke.voicebot;

import java.util.List;

/**
 * The sentences of the standard receptionist — greet, ask, answer from the FAQ or take a message, say goodbye —
 * which {@link StandardFlows#graph} turns into a {@link Flow}. It is also the flow document of schema 1: the first
 * version stored each tenant's flow in this fixed shape, and such documents are upgraded to that graph.
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
