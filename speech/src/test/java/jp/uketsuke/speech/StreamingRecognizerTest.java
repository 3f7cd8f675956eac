package jp.uketsuke.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import jp.uketsuke.speech.pocketsphinx.PocketsphinxRecognizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Engines without partial results stream through the collected utterance; pocketsphinx stands in for them. */
class StreamingRecognizerTest {

    static final Vocabulary MENU = new Vocabulary("en-US", List.of("operator", "business hours", "yes", "no"));

    static PocketsphinxRecognizer pocketsphinx;

    @BeforeAll
    static void loadEngine() {
        pocketsphinx = new PocketsphinxRecognizer(PocketsphinxRecognizer.Config.of(null, null, 1));
    }

    @AfterAll
    static void closeEngine() {
        pocketsphinx.close();
    }

    @Test
    void engineWithoutPartialsHearsTheWholeUtteranceAtItsEnd() {
        AudioClip call = TestAudio.concat(TestAudio.silence(8000, 300), TestAudio.speech("business hours", 8000),
                TestAudio.silence(8000, 300));
        List<String> partials = new ArrayList<>();

        Recognition heard;
        try (RecognitionStream stream = StreamingRecognizer.of(pocketsphinx).open(8000, MENU)) {
            TestAudio.frames(call).forEach(frame -> partials.add(stream.accept(frame)));
            heard = stream.finish();
        }

        assertThat(partials).isNotEmpty().allMatch(String::isEmpty);
        assertThat(heard.text()).isEqualTo("business hours");
    }

    @Test
    void finishedStreamTakesNoMoreAudio() {
        RecognitionStream stream = StreamingRecognizer.of(pocketsphinx).open(8000, MENU);
        stream.accept(TestAudio.silence(8000, 200).samples());

        assertThat(stream.finish().isEmpty()).isTrue();
        assertThatThrownBy(() -> stream.accept(new short[160])).isInstanceOf(SpeechException.class)
                .hasMessageContaining("finished");
        assertThatThrownBy(stream::finish).isInstanceOf(SpeechException.class);
    }

    @Test
    void utteranceLongerThanAMinuteIsRefusedWhileItArrives() {
        try (RecognitionStream stream = StreamingRecognizer.of(pocketsphinx).open(8000, MENU)) {
            short[] second = new short[8000];
            for (int i = 0; i < 60; i++) {
                stream.accept(second);
            }

            assertThatThrownBy(() -> stream.accept(new short[1])).isInstanceOf(SpeechException.class)
                    .hasMessageContaining("60 s");
        }
    }

    @Test
    void streamNeedsARateAndAVocabulary() {
        assertThatThrownBy(() -> StreamingRecognizer.of(pocketsphinx).open(0, MENU))
                .isInstanceOf(SpeechException.class);
        assertThatThrownBy(() -> StreamingRecognizer.of(pocketsphinx).open(8000, null))
                .isInstanceOf(SpeechException.class);
    }
}
