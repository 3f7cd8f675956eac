package jp.uketsuke.voicebot.faq;

import java.text.Normalizer;
import java.util.Locale;

/** How one language's text is brought to comparable words. Stateless: each call builds its own tokenizer. */
sealed interface Analysis permits JapaneseAnalysis, EnglishAnalysis {

    /** Longest text analysed; the rest of a longer utterance is ignored (a recogniser never hears more). */
    int MAX_HEARD_CHARS = 1000;

    Spoken analyse(String text);

    /** An FAQ answer: prose that states, so words that only ask ("where you can also apply") say nothing. */
    default Spoken analyseAnswer(String text) {
        return analyse(text);
    }

    /** Whether the caller sells rather than asks: "we're offering", "this is mike from premier solar". */
    default boolean soundsLikeASalesPitch(String text) {
        return false;
    }

    /** How many words the text has, fillers included. */
    int words(String text);

    static Analysis forLanguage(String language) {
        return language != null && language.toLowerCase(Locale.ROOT).startsWith("ja")
                ? new JapaneseAnalysis() : new EnglishAnalysis();
    }

    /**
     * Full-width letters and digits to ASCII, half-width katakana to full-width (NFKC), lower case, and no more than
     * {@link #MAX_HEARD_CHARS} characters, cut between code points.
     */
    static String normalise(String text) {
        if (text == null) {
            return "";
        }
        String cut = text;
        if (text.length() > MAX_HEARD_CHARS) {
            int end = Character.isHighSurrogate(text.charAt(MAX_HEARD_CHARS - 1)) ? MAX_HEARD_CHARS - 1 : MAX_HEARD_CHARS;
            cut = text.substring(0, end);
        }
        return Normalizer.normalize(cut, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip();
    }
}
