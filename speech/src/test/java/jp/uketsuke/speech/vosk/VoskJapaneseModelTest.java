package jp.uketsuke.speech.vosk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import jp.uketsuke.speech.AudioClip;
import jp.uketsuke.speech.JapaneseSpeech;
import jp.uketsuke.speech.Recognition;
import jp.uketsuke.speech.RecognitionStream;
import jp.uketsuke.speech.StreamingRecognizer;
import jp.uketsuke.speech.TestAudio;
import jp.uketsuke.speech.Vocabulary;
import org.junit.jupiter.api.Test;

/** Runs with a Japanese Vosk model in UKETSUKE_TEST_VOSK_JA_MODEL and Open JTalk installed; else skipped. */
class VoskJapaneseModelTest {

    static final Vocabulary OPEN = new Vocabulary("ja-JP", List.of());

    @Test
    void streamsPartialHypothesesWhileTheCallerSpeaksThenTheFinalText() {
        try (VoskRecognizer vosk = new VoskRecognizer(JapaneseSpeech.model("UKETSUKE_TEST_VOSK_JA_MODEL"))) {
            AudioClip question = JapaneseSpeech.onThePhone("営業時間を教えてください");
            List<String> partials = new ArrayList<>();

            Recognition heard;
            try (RecognitionStream stream = StreamingRecognizer.of(vosk).open(8000, OPEN)) {
                TestAudio.frames(question).forEach(frame -> partials.add(stream.accept(frame)));
                heard = stream.finish();
            }

            assertThat(StreamingRecognizer.of(vosk)).isSameAs(vosk);
            assertThat(partials).anyMatch(p -> !p.isEmpty());
            assertThat(heard.text().replace(" ", "")).contains("営業時間");
            assertThat(vosk.recognize(question, OPEN).text().replace(" ", "")).contains("営業時間");
        }
    }
}
