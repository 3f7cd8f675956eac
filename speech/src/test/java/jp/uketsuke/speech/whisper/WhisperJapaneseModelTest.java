package jp.uketsuke.speech.whisper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.uketsuke.speech.AudioClip;
import jp.uketsuke.speech.JapaneseSpeech;
import jp.uketsuke.speech.Recognition;
import jp.uketsuke.speech.Vocabulary;
import org.junit.jupiter.api.Test;

/** Runs with a multilingual whisper model in UKETSUKE_TEST_WHISPER_MODEL and Open JTalk installed; else skipped. */
class WhisperJapaneseModelTest {

    static final Vocabulary RECEPTION = new Vocabulary("ja-JP", List.of("営業時間", "住所", "伝言", "担当者"));

    @Test
    void recognisesAJapaneseQuestionOnTheTelephone() {
        try (WhisperRecognizer whisper = new WhisperRecognizer(WhisperRecognizer.Config.of(
                JapaneseSpeech.model("UKETSUKE_TEST_WHISPER_MODEL")))) {
            AudioClip question = JapaneseSpeech.onThePhone("営業時間を教えてください");

            Recognition heard = whisper.recognize(question, RECEPTION);

            assertThat(heard.text().replace(" ", "")).contains("営業時間");
        }
    }

    @Test
    void moreCallersThanDecodingStatesWaitTheirTurnAndAllAreHeard() throws Exception {
        try (WhisperRecognizer whisper = new WhisperRecognizer(new WhisperRecognizer.Config(
                JapaneseSpeech.model("UKETSUKE_TEST_WHISPER_MODEL"), 2, 1))) {
            AudioClip question = JapaneseSpeech.onThePhone("住所を教えてください");
            ExecutorService callers = Executors.newFixedThreadPool(4);
            try {
                List<Future<Recognition>> heard = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    heard.add(callers.submit(() -> whisper.recognize(question, RECEPTION)));
                }
                for (Future<Recognition> result : heard) {
                    assertThat(result.get().text()).contains("住所");
                }
            } finally {
                callers.shutdownNow();
            }
        }
    }
}
