package jp.uketsuke.voicebot;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.regex.Pattern;

/**
 * Something the bot says: text it synthesises, or a WAV prompt the tenant uploaded (by its id). Business
 * information written by the tenant, never caller data — prompts are cached as audio and shared by every call.
 *
 * @param text     what to synthesise, or null for a recorded prompt
 * @param language BCP 47 tag when it differs from the flow's (an English sentence in a Japanese flow), else null
 * @param audio    id of an uploaded prompt recording of the same tenant, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Prompt(String text, String language, String audio) {

    /** About a minute of speech in Japanese; a longer prompt loses callers and delays every call's first word. */
    public static final int MAX_CHARACTERS = 500;
    private static final Pattern AUDIO_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,2}");

    public Prompt {
        text = text == null || text.isBlank() ? null : text.strip();
        language = language == null || language.isBlank() ? null : language.strip();
        audio = audio == null || audio.isBlank() ? null : audio.strip().toLowerCase(java.util.Locale.ROOT);
        if ((text == null) == (audio == null)) {
            throw new IllegalArgumentException("a prompt is either text or a recorded prompt, not both or neither");
        }
        if (audio != null && !AUDIO_ID.matcher(audio).matches()) {
            throw new IllegalArgumentException("a recorded prompt is named by its id");
        }
        if (language != null && !LANGUAGE.matcher(language).matches()) {
            throw new IllegalArgumentException("a prompt's language is a tag such as ja-JP or en-US");
        }
        if (text != null && text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            throw new IllegalArgumentException("a prompt's text has control characters");
        }
    }

    public static Prompt text(String text) {
        return new Prompt(text, null, null);
    }

    public static Prompt recorded(String audioId) {
        return new Prompt(null, null, audioId);
    }

    /** Language this prompt is spoken in, within a flow whose language is {@code flowLanguage}. */
    public String languageIn(String flowLanguage) {
        return language == null ? flowLanguage : language;
    }

    /** What the transcript shows for it. */
    public String transcriptText() {
        return text != null ? text : "[recorded prompt " + audio + "]";
    }
}
