package jp.uketsuke.voicebot.faq;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one utterance or FAQ phrasing says, after the language's analysis.
 *
 * @param tokens  every word but fillers, in order
 * @param grams   character bigrams of the folded reading (Japanese), the fallback when Kuromoji cuts kana
 *                differently from kanji; empty for other languages
 * @param reading the folded katakana reading of the whole text (Japanese), the tokens joined by spaces otherwise
 * @param spots   content words (and pairs of them) distinctive enough to look for by reading inside an utterance
 *                that Kuromoji could not cut (Japanese); empty for other languages
 */
record Spoken(List<Token> tokens, Set<String> grams, String reading, List<Spot> spots) {

    static final Spoken NOTHING = new Spoken(List.of(), Set.of(), "", List.of());

    enum Kind {
        /** Carries the meaning: 駐車場, parking. */
        CONTENT,
        /** Carries the request but not its subject: 教えて, 知りたい, "i would like to know". */
        CARRIER,
        /** Grammar: particles, polite endings, articles. */
        FUNCTION
    }

    /**
     * @param key     what two spellings of one word share: the folded reading of the base form, or the stem
     * @param reading the folded reading as said, for finding the word inside a differently cut utterance
     * @param sense   what the word shares with its synonyms ("visa" and "credit" both mean a card), or the key itself
     */
    record Token(String key, String reading, Kind kind, String sense) {

        Token(String key, String reading, Kind kind) {
            this(key, reading, kind, key);
        }
    }

    /** A reading to look for, and the word keys it stands for (two for a pair: 何時 → ナン, ジ). */
    record Spot(String reading, Set<String> keys) {

        Spot {
            keys = Set.copyOf(keys);
        }
    }

    Spoken {
        tokens = List.copyOf(tokens);
        grams = Set.copyOf(grams);
        spots = List.copyOf(spots);
    }

    /** Keys of the words that say what the caller wants. */
    Set<String> content() {
        return keysOf(Kind.CONTENT);
    }

    /** The senses of the content words, each with the keys of the words that said it. */
    Map<String, Set<String>> contentBySense() {
        Map<String, Set<String>> bySense = new HashMap<>();
        tokens.stream().filter(t -> t.kind() == Kind.CONTENT)
                .forEach(t -> bySense.computeIfAbsent(t.sense(), s -> new HashSet<>()).add(t.key()));
        return bySense;
    }

    boolean hasContent() {
        return tokens.stream().anyMatch(t -> t.kind() == Kind.CONTENT);
    }

    private Set<String> keysOf(Kind kind) {
        return tokens.stream().filter(t -> t.kind() == kind).map(Token::key)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
