package jp.uketsuke.voicebot;

import java.util.List;

/**
 * One question the bot can answer by voice (F3). Business information, not personal data.
 *
 * @param phrases ways callers ask it ("what are your business hours", "when are you open")
 * @param digit   menu key that plays this answer, or {@code null}
 */
public record FaqEntry(String id, List<String> phrases, String answer, Character digit) {

    public FaqEntry {
        phrases = Flow.entries(phrases, "phrase");
        if (phrases.isEmpty() || answer == null || answer.isBlank()) {
            throw new IllegalArgumentException("an FAQ entry needs at least one phrase and an answer");
        }
    }
}
