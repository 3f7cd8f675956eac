package jp.uketsuke.switchboard.internal;

import java.util.UUID;
import jp.uketsuke.voicebot.Prompt;

/** A flow's prompt as audio at a call's rate: synthesised text, or the tenant's recording of it. */
final class PromptAudio {

    private final Voice voice;

    PromptAudio(Voice voice) {
        this.voice = voice;
    }

    short[] audio(UUID tenantId, Prompt prompt, String language, int sampleRate) {
        if (prompt.text() != null) {
            return voice.speak(prompt.text(), language, sampleRate);
        }
        // a recorded prompt that is gone (validation keeps published flows from naming one): never silence
        return Voice.chime(sampleRate);
    }
}
