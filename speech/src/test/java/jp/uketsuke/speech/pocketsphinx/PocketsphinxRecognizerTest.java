package jp.uketsuke.speech.pocketsphinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.uketsuke.speech.AudioClip;
import jp.uketsuke.speech.Recognition;
import jp.uketsuke.speech.SpeechException;
import jp.uketsuke.speech.TestAudio;
import jp.uketsuke.speech.UtteranceDetector;
import jp.uketsuke.speech.Vocabulary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PocketsphinxRecognizerTest {

    static final Vocabulary RECEPTION = new Vocabulary("en-US", List.of("what are your business hours",
            "where is your address", "I would like to leave a message", "operator", "yes", "no"));

    static PocketsphinxRecognizer recognizer;

    @BeforeAll
    static void loadEngine() {
        recognizer = new PocketsphinxRecognizer(PocketsphinxRecognizer.Config.of(null, null, 3));
    }

    @AfterAll
    static void closeEngine() {
        recognizer.close();
    }

    @ParameterizedTest(name = "\"{0}\" at {2} Hz")
    @CsvSource({
        "what are your business hours, business hours, 8000",
        "what are your business hours, business hours, 16000",
        "where is your address, address, 8000",
        "where is your address, address, 16000",
    })
    void recognisesSpokenQuestionFoundByTheUtteranceDetector(String spoken, String expected, int rate) {
        AudioClip call = TestAudio.concat(TestAudio.silence(rate, 800), TestAudio.speech(spoken, rate),
                TestAudio.silence(rate, 1500));

        List<AudioClip> utterances = TestAudio.utterances(new UtteranceDetector(rate), call);

        assertThat(utterances).hasSize(1);
        long started = System.nanoTime();
        Recognition heard = recognizer.recognize(utterances.get(0), RECEPTION);
        System.out.printf("recognised %d ms of %d Hz audio in %d ms%n", utterances.get(0).duration().toMillis(),
                rate, (System.nanoTime() - started) / 1_000_000);
        assertThat(heard.text()).contains(expected);
        assertThat(heard.confidence()).isBetween(0.0, 1.0);
    }

    @ParameterizedTest(name = "\"{0}\" at {1} Hz")
    @CsvSource({"operator, 8000", "yes, 16000", "no, 8000", "I would like to leave a message, 8000",
        "I would like to leave a message, 16000"})
    void recognisesMenuAnswersAsTheWholePhrase(String spoken, int rate) {
        AudioClip call = TestAudio.concat(TestAudio.silence(rate, 500), TestAudio.speech(spoken, rate),
                TestAudio.silence(rate, 1000));
        List<AudioClip> utterances = TestAudio.utterances(new UtteranceDetector(rate), call);

        assertThat(utterances).hasSize(1);
        assertThat(recognizer.recognize(utterances.get(0), RECEPTION).text()).isEqualTo(spoken.toLowerCase());
    }

    @Test
    void transcribesAnOpenMessageWithTheLanguageModelWhenNoPhrasesAreExpected() {
        AudioClip message = TestAudio.concat(TestAudio.silence(16000, 500),
                TestAudio.speech("please call me back tomorrow morning", 16000), TestAudio.silence(16000, 800));

        Recognition heard = recognizer.recognize(message, new Vocabulary("en-US", List.of()));

        // Open dictation of synthetic speech is rough; a message counts as heard when its content shows through.
        assertThat(heard.text()).containsAnyOf("call", "back", "tomorrow", "morning");
    }

    @Test
    void hearsNothingInSilenceOrSteadyNoise() {
        assertThat(recognizer.recognize(TestAudio.silence(16000, 1000), RECEPTION).isEmpty()).isTrue();
        assertThat(recognizer.recognize(TestAudio.noise(8000, 1500, -30, 7), RECEPTION).isEmpty()).isTrue();
        assertThat(recognizer.recognize(new AudioClip(8000, new short[0]), RECEPTION)).isEqualTo(Recognition.NOTHING);
    }

    @Test
    void concurrentRecognitionsOnSeveralThreadsEachGetTheirOwnAnswer() throws Exception {
        AudioClip hours = TestAudio.speech("what are your business hours", 8000);
        AudioClip address = TestAudio.speech("where is your address", 16000);
        Vocabulary other = new Vocabulary("en-US", List.of("where is your address", "what are your business hours",
                "sales"));
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                AudioClip clip = i % 2 == 0 ? hours : address;
                Vocabulary vocabulary = i % 3 == 0 ? other : RECEPTION;
                results.add(pool.submit(() -> recognizer.recognize(clip, vocabulary).text()));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).contains(i % 2 == 0 ? "business hours" : "address");
            }
        }
    }

    @Test
    void hostilePhrasesCannotInjectGrammarSyntax() {
        Vocabulary hostile = new Vocabulary("en-US", List.of("yes ; public <x> = (no)* ;", "operator | #JSGF",
                "\u0000\n\r{}[]/*", "zzqxv"));

        // Punctuation is dropped, so the phrases stay two plain word sequences and no rule is added.
        assertThat(recognizer.recognize(TestAudio.speech("operator", 16000), hostile).text())
                .isEqualTo("operator");
    }

    @Test
    void vocabularyWithoutDictionaryWordsIsAClearError() {
        Vocabulary nonsense = new Vocabulary("en-US", List.of("zzqxv", "!!!", ""));

        assertThatThrownBy(() -> recognizer.recognize(TestAudio.silence(8000, 500), nonsense))
                .isInstanceOf(SpeechException.class).hasMessageContaining("dictionary");
    }

    @Test
    void refusesNonEnglishVocabulary() {
        Vocabulary japanese = new Vocabulary("ja-JP", List.of("営業時間"));

        assertThatThrownBy(() -> recognizer.recognize(TestAudio.silence(8000, 500), japanese))
                .isInstanceOf(SpeechException.class).hasMessageContaining("Vosk");
    }

    @Test
    void refusesOverlongAndMissingAudio() {
        assertThatThrownBy(() -> recognizer.recognize(TestAudio.silence(8000, 61_000), RECEPTION))
                .isInstanceOf(SpeechException.class).hasMessageContaining("longer than");
        assertThatThrownBy(() -> recognizer.recognize(null, RECEPTION)).isInstanceOf(SpeechException.class);
        assertThatThrownBy(() -> recognizer.recognize(new AudioClip(11111, new short[100]), RECEPTION))
                .isInstanceOf(SpeechException.class).hasMessageContaining("resample");
    }

    @Test
    void missingLibraryNamesTheDebianPackage(@TempDir Path empty) {
        assertThatThrownBy(() -> new PocketsphinxRecognizer(PocketsphinxRecognizer.Config.of(empty, null, 1)))
                .isInstanceOf(SpeechException.class).hasMessageContaining("libpocketsphinx3");
    }

    @Test
    void missingOrIncompleteModelNamesTheDebianPackage(@TempDir Path model) throws Exception {
        assertThatThrownBy(() -> new PocketsphinxRecognizer(PocketsphinxRecognizer.Config.of(null, model, 1)))
                .isInstanceOf(SpeechException.class).hasMessageContaining("pocketsphinx-en-us");
        Files.createDirectories(model.resolve("en-us"));
        Files.writeString(model.resolve("en-us/mdef"), "garbage");
        Files.writeString(model.resolve("cmudict-en-us.dict"), "hello HH AH L OW\n");
        assertThatThrownBy(() -> new PocketsphinxRecognizer(PocketsphinxRecognizer.Config.of(null, model, 1)))
                .isInstanceOf(SpeechException.class).hasMessageContaining("pocketsphinx-en-us");
    }

    @Test
    void libraryThatIsNotASharedObjectIsAClearError(@TempDir Path libs) throws Exception {
        Files.writeString(libs.resolve("libsphinxbase.so.3"), "not an ELF file");
        Files.writeString(libs.resolve("libpocketsphinx.so.3"), "not an ELF file");

        assertThatThrownBy(() -> new PocketsphinxRecognizer(PocketsphinxRecognizer.Config.of(libs, null, 1)))
                .isInstanceOf(SpeechException.class).hasMessageContaining("libpocketsphinx3");
    }
}
