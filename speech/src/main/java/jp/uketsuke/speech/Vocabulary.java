package jp.uketsuke.speech;

import java.util.List;

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
}
