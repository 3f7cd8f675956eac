package jp.uketsuke.switchboard.internal;

import jp.uketsuke.telephony.Call;
import jp.uketsuke.telephony.CallSession;

/** Says one thing and hangs up: used while a tenant is suspended, so callers never hear silence. */
final class Announcement implements CallSession {

    private final String text;
    private final String language;
    private final Voice voice;

    Announcement(String text, String language, Voice voice) {
        this.text = text;
        this.language = language;
        this.voice = voice;
    }

    @Override
    public void run(Call call) throws InterruptedException {
        call.play(voice.speak(text, language, call.sampleRate())).await();
    }
}
