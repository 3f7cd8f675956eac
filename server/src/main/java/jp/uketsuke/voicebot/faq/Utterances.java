package jp.uketsuke.voicebot.faq;

/** Counting what a caller said, for flow rules such as "more than twenty words is a message, not a question". */
public final class Utterances {

    private Utterances() {
    }

    /**
     * How many words the text has: Kuromoji's words for Japanese (written without spaces), letter and digit runs
     * otherwise. Punctuation and symbols do not count; fillers do. Text past {@link FaqIndex#MAX_HEARD_CHARS} is not
     * counted.
     */
    public static int words(String text, String language) {
        return Analysis.forLanguage(language).words(text);
    }
}
