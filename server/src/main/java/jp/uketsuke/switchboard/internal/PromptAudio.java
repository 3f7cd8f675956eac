package jp.uketsuke.switchboard.internal;

import java.util.UUID;
import jp.uketsuke.voicebot.Prompt;
import jp.uketsuke.voicebot.PromptRecordings;

/** A flow's prompt as audio at a call's rate: synthesised text, or the tenant's recording of it. */
final class PromptAudio {

    private final Voice voice;
    private final PromptRecordings recordings;

    PromptAudio(Voice voice, PromptRecordings recordings) {
        this.voice = voice;
        this.recordings = recordings;
    }

    short[] audio(UUID tenantId, Prompt prompt, String language, int sampleRate) {
        if (prompt.text() != null) {
            return voice.speak(prompt.text(), language, sampleRate);
        }
        // a recording that is gone or does not open (deletion refuses while the published flow plays it): never silence
        return recordings.audio(tenantId, prompt.audio(), sampleRate).orElseGet(() -> Voice.chime(sampleRate));
    }
}
