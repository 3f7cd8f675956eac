package jp.uketsuke.voicebot.faq;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A list of short phrases a caller may say — closing words (「以上です」「大丈夫です」, "no thank you"), "leave a
 * message", "operator" — and whether an utterance says one, with the same analysis as {@link FaqIndex}. Immutable.
 *
 * <p>A phrase is said when every content word of it is in the utterance (for Japanese also when its reading is found
 * inside a hiragana stretch). A phrase of grammar words only (「ありません」, "no") is said only by an utterance that
 * has no content words of its own, so 「駐車場はありませんか」 does not end the call.
 */
public final class SpokenPhrases {

    public static final int MAX_PHRASES = 200;

    private final Analysis analysis;
    private final List<String> phrases;
    private final List<Spoken> analysed;

    private SpokenPhrases(Analysis analysis, List<String> phrases) {
        this.analysis = analysis;
        this.phrases = phrases;
        this.analysed = phrases.stream().map(analysis::analyse).toList();
    }

    /** @throws IllegalArgumentException for too many or too long phrases, naming the phrase */
    public static SpokenPhrases of(String language, List<String> phrases) {
        Objects.requireNonNull(phrases, "phrases");
        if (phrases.size() > MAX_PHRASES) {
            throw new IllegalArgumentException("at most " + MAX_PHRASES + " phrases, not " + phrases.size());
        }
        for (int i = 0; i < phrases.size(); i++) {
            String phrase = phrases.get(i);
            if (phrase == null || phrase.isBlank()) {
                throw new IllegalArgumentException("phrase " + (i + 1) + " is empty");
            }
            if (phrase.length() > FaqIndex.MAX_PHRASE_CHARS) {
                throw new IllegalArgumentException("phrase " + (i + 1) + " has " + phrase.length()
                        + " characters; at most " + FaqIndex.MAX_PHRASE_CHARS + " are allowed");
            }
        }
        return new SpokenPhrases(Analysis.forLanguage(language), List.copyOf(phrases));
    }

    public List<String> phrases() {
        return phrases;
    }

    /** Whether the caller said any of the phrases. */
    public boolean saidIn(String heard) {
        return strongestIn(analysis.analyse(heard)) > 0;
    }

    /**
     * How specific the most specific phrase said is (its number of meaningful words), 0 when none was said; lets
     * {@link SpokenChoice} prefer 「予約の変更」 over 「予約」.
     */
    int strongestIn(Spoken said) {
        int strongest = 0;
        for (Spoken phrase : analysed) {
            if (says(said, phrase)) {
                long meaning = phrase.tokens().stream().filter(t -> t.kind() != Spoken.Kind.FUNCTION).count();
                strongest = Math.max(strongest, (int) Math.max(1, meaning));
            }
        }
        return strongest;
    }

    Spoken analyse(String heard) {
        return analysis.analyse(heard);
    }

    private static boolean says(Spoken said, Spoken phrase) {
        if (phrase.tokens().isEmpty()) {
            return false;
        }
        List<Spoken.Token> meaning = phrase.tokens().stream().filter(t -> t.kind() != Spoken.Kind.FUNCTION).toList();
        if (meaning.isEmpty()) {
            return !said.hasContent() && containsInOrder(said, phrase);
        }
        Set<String> saidKeys = said.tokens().stream().map(Spoken.Token::key).collect(java.util.stream.Collectors.toSet());
        return meaning.stream().allMatch(t -> saidKeys.contains(t.key())
                || (!said.grams().isEmpty() && t.reading().length() >= 2 && said.reading().contains(t.reading())));
    }

    /** The phrase's words one after another in the utterance (by reading for Japanese, where cuts differ). */
    private static boolean containsInOrder(Spoken said, Spoken phrase) {
        if (!said.grams().isEmpty() || !phrase.grams().isEmpty()) {
            return said.reading().contains(phrase.reading());
        }
        List<String> words = said.tokens().stream().map(Spoken.Token::key).toList();
        List<String> wanted = phrase.tokens().stream().map(Spoken.Token::key).toList();
        return java.util.Collections.indexOfSubList(words, wanted) >= 0;
    }
}
