package jp.uketsuke.voicebot.faq;

import java.util.Objects;
import jp.uketsuke.voicebot.FaqEntry;

/**
 * An FAQ entry and how sure the index is that the caller asked it.
 *
 * @param score confidence in [0, 1]: 1 when the caller said exactly one of the entry's phrasings, comparable across
 *              entries and utterances of one index
 */
public record FaqMatch(FaqEntry entry, double score) {

    public FaqMatch {
        Objects.requireNonNull(entry, "entry");
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("a match's score lies in [0, 1], not " + score);
        }
    }
}
