package jp.uketsuke.speech;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a caller is expected to say at this point of the flow: FAQ questions and keywords, menu
 * phrases. Grammar-based engines recognise only these words; open engines use them as hints. No
 * phrases means open dictation (a caller leaving a message), over the engine's general model.
 *
 * @param language BCP 47 tag, e.g. "en-US" or "ja-JP"
 */
public record Vocabulary(String language, List<String> phrases) {

    public Vocabulary {
        phrases = List.copyOf(phrases);
    }

    /**
     * The phrases as one line for open engines that take a prompt (whisper), so they spell the words
     * as the flow does: control characters and repeats removed, cut at {@code maxCharacters}; null
     * when there are none.
     */
    public String prompt(int maxCharacters) {
        Set<String> clean = new LinkedHashSet<>();
        for (String phrase : phrases) {
            String line = phrase == null ? "" : phrase.replaceAll("\\p{Cntrl}+", " ").strip();
            if (!line.isEmpty()) {
                clean.add(line);
            }
        }
        String primary = language == null ? "" : language.toLowerCase(Locale.ROOT);
        String prompt = String.join(primary.startsWith("ja") || primary.startsWith("zh") ? "、" : ", ", clean);
        if (prompt.length() > maxCharacters) {
            int end = Character.isHighSurrogate(prompt.charAt(maxCharacters - 1)) ? maxCharacters - 1 : maxCharacters;
            prompt = prompt.substring(0, end);
        }
        return prompt.isEmpty() ? null : prompt;
    }
}
