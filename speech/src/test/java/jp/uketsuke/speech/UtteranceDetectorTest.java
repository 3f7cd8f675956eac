package jp.uketsuke.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UtteranceDetectorTest {

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000})
    void findsOneUtteranceWithPreRollInSpeechPaddedWithSilence(int rate) {
        AudioClip speech = TestAudio.speech("please call me back tomorrow", rate);
        AudioClip call = TestAudio.concat(TestAudio.silence(rate, 1000), speech, TestAudio.silence(rate, 1500));

        List<AudioClip> found = TestAudio.utterances(new UtteranceDetector(rate), call);

        assertThat(found).hasSize(1);
        AudioClip utterance = found.get(0);
        assertThat(utterance.sampleRate()).isEqualTo(rate);
        // espeak-ng's own leading silence is below the threshold, so pre-roll plus post-roll surround the voice.
        assertThat(utterance.duration().toMillis()).isBetween(speech.duration().toMillis() - 200,
                speech.duration().toMillis() + 700);
        assertThat(utterance.samples()[0]).isZero(); // starts in the pre-roll silence, not mid-word
    }

    @Test
    void findsSpeechOverSteadyLineNoiseButNothingInTheNoiseAlone() {
        int rate = 8000;
        AudioClip noise = TestAudio.noise(rate, 5000, -45, 1);
        AudioClip speech = TestAudio.concat(TestAudio.silence(rate, 1500), TestAudio.speech("where is your address", rate));

        assertThat(TestAudio.utterances(new UtteranceDetector(rate), noise)).isEmpty();
        assertThat(TestAudio.utterances(new UtteranceDetector(rate), TestAudio.mix(noise, speech))).hasSize(1);
    }

    @Test
    void loudNoiseFromTheFirstFrameIsNotSpeech() {
        assertThat(TestAudio.utterances(new UtteranceDetector(16000), TestAudio.noise(16000, 4000, -20, 2)))
                .isEmpty();
    }

    @Test
    void ignoresAClick() {
        AudioClip click = TestAudio.concat(TestAudio.silence(8000, 500), TestAudio.tone(8000, 1000, 40, 0.8),
                TestAudio.silence(8000, 1500));

        assertThat(TestAudio.utterances(new UtteranceDetector(8000), click)).isEmpty();
    }

    @Test
    void separatesTwoUtterancesAndReportsSpeakingForBargeIn() {
        int rate = 16000;
        AudioClip first = TestAudio.speech("yes", rate);
        AudioClip call = TestAudio.concat(TestAudio.silence(rate, 500), first, TestAudio.silence(rate, 1200),
                TestAudio.speech("operator please", rate), TestAudio.silence(rate, 1200));
        UtteranceDetector detector = new UtteranceDetector(rate);
        boolean spokeDuringFirstWord = false;
        int emitted = 0;
        List<short[]> frames = TestAudio.frames(call);
        int firstWordEnds = (rate / 2 + first.samples().length) / (rate / 50);
        for (int i = 0; i < frames.size(); i++) {
            if (detector.accept(frames.get(i)).isPresent()) {
                emitted++;
            }
            if (i < firstWordEnds && detector.isSpeaking()) {
                spokeDuringFirstWord = true;
            }
        }

        assertThat(emitted).isEqualTo(2);
        assertThat(spokeDuringFirstWord).isTrue();
        assertThat(detector.isSpeaking()).isFalse();
    }

    @Test
    void findsOneJapaneseUtteranceAt8kHzWithoutCuttingItAtTheShortPausesBetweenPhrases() {
        int rate = 8000;
        // Open JTalk pauses at 、 and 。: shorter than the trailing silence that ends an utterance
        AudioClip speech = TestAudio.japaneseSpeech("恐れ入りますが、明日の午後にもう一度お電話いただけますか。", rate);
        AudioClip call = TestAudio.concat(TestAudio.silence(rate, 1000), speech, TestAudio.silence(rate, 1500));

        List<AudioClip> found = TestAudio.utterances(new UtteranceDetector(rate), call);

        assertThat(found).hasSize(1);
        assertThat(found.get(0).duration().toMillis()).isBetween(speech.duration().toMillis() - 400,
                speech.duration().toMillis() + 700);
    }

    @Test
    void aHalfSecondEndOfTurnStillDoesNotCutAJapaneseSentenceAtItsPhrasePauses() {
        int rate = 8000;
        // the phone line ends a caller's turn after 500 ms of silence, for a quick reply
        AudioClip speech = TestAudio.japaneseSpeech("恐れ入りますが、明日の午後にもう一度お電話いただけますか。", rate);
        AudioClip call = TestAudio.concat(TestAudio.silence(rate, 1000), speech, TestAudio.silence(rate, 1500));
        UtteranceDetector detector = new UtteranceDetector(rate,
                UtteranceDetector.Settings.defaults().withTrailingSilence(java.time.Duration.ofMillis(500)));

        assertThat(TestAudio.utterances(detector, call)).hasSize(1);
    }

    @Test
    void separatesTwoJapaneseUtterancesAt8kHzAndHearsTheCallerStartForBargeIn() {
        int rate = 8000;
        AudioClip first = TestAudio.japaneseSpeech("はい、そうです。", rate);
        AudioClip second = TestAudio.japaneseSpeech("担当の田中さんをお願いします。", rate);
        // Open JTalk leads with about 300 ms of silence: the caller starts at the first loud sample
        int secondStarts = rate + first.samples().length + rate * 3 / 2 + firstLoudSample(second);
        AudioClip call = TestAudio.concat(TestAudio.silence(rate, 1000), first, TestAudio.silence(rate, 1500), second,
                TestAudio.silence(rate, 1500));
        UtteranceDetector detector = new UtteranceDetector(rate);
        List<Integer> emittedAt = new ArrayList<>();
        int speakingFrom = -1;
        List<short[]> frames = TestAudio.frames(call);
        for (int i = 0; i < frames.size(); i++) {
            if (detector.accept(frames.get(i)).isPresent()) {
                emittedAt.add(i);
            }
            if (speakingFrom < 0 && i * (rate / 50) >= secondStarts && detector.isSpeaking()) {
                speakingFrom = i * (rate / 50);
            }
        }

        assertThat(emittedAt).hasSize(2);
        // the first answer is complete before the second begins: end of utterance within the pause
        assertThat(emittedAt.get(0) * (rate / 50)).isLessThan(secondStarts);
        // barge-in: the caller is heard speaking within 300 ms of starting the second sentence
        assertThat(speakingFrom - secondStarts).isBetween(0, rate * 3 / 10);
    }

    private static int firstLoudSample(AudioClip clip) {
        for (int i = 0; i < clip.samples().length; i++) {
            if (Math.abs(clip.samples()[i]) > 1000) {
                return i;
            }
        }
        throw new AssertionError("no speech in the clip");
    }

    @Test
    void findsNoJapaneseUtteranceInSilenceOrLowLineNoiseButFindsSpeechOverThatNoise() {
        int rate = 8000;
        AudioClip noise = TestAudio.noise(rate, 6000, -50, 3);
        AudioClip speech = TestAudio.concat(TestAudio.silence(rate, 1500),
                TestAudio.japaneseSpeech("営業時間を教えてください。", rate));

        assertThat(TestAudio.utterances(new UtteranceDetector(rate), TestAudio.silence(rate, 5000))).isEmpty();
        assertThat(TestAudio.utterances(new UtteranceDetector(rate), noise)).isEmpty();
        assertThat(TestAudio.utterances(new UtteranceDetector(rate), TestAudio.mix(noise, speech))).hasSize(1);
    }

    @Test
    void cutsAnOverlongUtteranceAtTheMaximum() {
        UtteranceDetector.Settings settings = UtteranceDetector.Settings.defaults()
                .withMaxUtterance(Duration.ofSeconds(1));
        AudioClip talking = TestAudio.concat(TestAudio.silence(8000, 300), TestAudio.tone(8000, 440, 2500, 0.3));

        List<AudioClip> found = TestAudio.utterances(new UtteranceDetector(8000, settings), talking);

        assertThat(found).isNotEmpty();
        assertThat(found.get(0).duration().toMillis()).isBetween(1000L, 1020L);
    }

    @Test
    void trailingSilenceIsConfigurable() {
        int rate = 8000;
        AudioClip call = TestAudio.concat(TestAudio.silence(rate, 400), TestAudio.tone(rate, 300, 400, 0.3),
                TestAudio.silence(rate, 500), TestAudio.tone(rate, 500, 400, 0.3), TestAudio.silence(rate, 1500));
        UtteranceDetector.Settings shortPause = UtteranceDetector.Settings.defaults()
                .withTrailingSilence(Duration.ofMillis(300));

        assertThat(TestAudio.utterances(new UtteranceDetector(rate), call)).hasSize(1);
        assertThat(TestAudio.utterances(new UtteranceDetector(rate, shortPause), call)).hasSize(2);
    }

    @Test
    void resetDropsAHalfHeardUtteranceAndFlushReturnsIt() {
        int rate = 8000;
        AudioClip speech = TestAudio.concat(TestAudio.silence(rate, 400), TestAudio.speech("hello there", rate));
        UtteranceDetector detector = new UtteranceDetector(rate);
        TestAudio.utterances(detector, speech);

        assertThat(detector.flush()).isPresent();
        TestAudio.utterances(detector, speech);
        detector.reset();
        assertThat(detector.isSpeaking()).isFalse();
        assertThat(detector.flush()).isEmpty();
        assertThat(TestAudio.utterances(detector, TestAudio.silence(rate, 2000))).isEmpty();
    }

    @Test
    void rejectsMalformedFramesAndRates() {
        UtteranceDetector detector = new UtteranceDetector(8000);

        assertThatThrownBy(() -> detector.accept(null)).isInstanceOf(SpeechException.class);
        assertThatThrownBy(() -> detector.accept(new short[0])).isInstanceOf(SpeechException.class);
        assertThatThrownBy(() -> detector.accept(new short[8000])).isInstanceOf(SpeechException.class)
                .hasMessageContaining("longer than");
        assertThatThrownBy(() -> new UtteranceDetector(44100)).isInstanceOf(SpeechException.class);
        assertThatThrownBy(() -> UtteranceDetector.Settings.defaults().withTrailingSilence(Duration.ZERO))
                .isInstanceOf(SpeechException.class);
        assertThatThrownBy(() -> UtteranceDetector.Settings.defaults().withMaxUtterance(Duration.ofMillis(100)))
                .isInstanceOf(SpeechException.class);
        // Full-scale extremes are valid audio, not an error.
        short[] extreme = new short[160];
        java.util.Arrays.fill(extreme, Short.MIN_VALUE);
        assertThat(detector.accept(extreme)).isEmpty();
    }
}
