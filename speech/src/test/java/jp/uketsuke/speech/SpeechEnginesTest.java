package jp.uketsuke.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import jp.uketsuke.speech.pocketsphinx.PocketsphinxRecognizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpeechEnginesTest {

    @Test
    void defaultsOnDebianGivePocketsphinxAndACachedEspeak() {
        try (SpeechEngines engines = SpeechEngines.create(SpeechSettings.defaults())) {
            assertThat(engines.problems()).isEmpty();
            assertThat(engines.recognizer()).containsInstanceOf(PocketsphinxRecognizer.class);
            assertThat(engines.synthesizer()).containsInstanceOf(PromptCache.class);

            AudioClip prompt = engines.synthesizer().orElseThrow().synthesize("operator", "en-US");
            Recognition heard = engines.recognizer().orElseThrow().recognize(
                    TestAudio.concat(TestAudio.silence(22050, 300), prompt, TestAudio.silence(22050, 300)),
                    new Vocabulary("en-US", List.of("operator", "yes", "no")));
            assertThat(heard.text()).isEqualTo("operator");
        }
    }

    @Test
    void switchedOffEnginesAreReportedSoTheServerFallsBackToDtmf() {
        SpeechSettings off = SpeechSettings.defaults().withRecognizer("none").withSynthesizer("none", null);

        try (SpeechEngines engines = SpeechEngines.create(off)) {
            assertThat(engines.recognizer()).isEmpty();
            assertThat(engines.synthesizer()).isEmpty();
            assertThat(engines.problems()).hasSize(2);
        }
    }

    @Test
    void missingEnginesNameTheDebianPackagesInsteadOfFailing(@TempDir Path nowhere) {
        SpeechSettings missing = SpeechSettings.defaults().withPocketsphinx(nowhere, nowhere)
                .withSynthesizer("espeak", nowhere.resolve("espeak-ng"));

        try (SpeechEngines engines = SpeechEngines.create(missing)) {
            assertThat(engines.recognizer()).isEmpty();
            assertThat(engines.synthesizer()).isEmpty();
            assertThat(String.join("\n", engines.problems())).contains("libpocketsphinx3", "pocketsphinx-en-us",
                    "espeak-ng");
        }
        try (SpeechEngines engines = SpeechEngines.create(missing.withRecognizer("pocketsphinx"))) {
            assertThat(engines.problems()).anyMatch(p -> p.contains("libpocketsphinx3"));
        }
    }

    @Test
    void autoPrefersAConfiguredVoskModelAndReportsWhyItIsUnusable(@TempDir Path dir) {
        SpeechSettings vosk = SpeechSettings.defaults().withVoskModel(dir.resolve("vosk-model-ja"));

        try (SpeechEngines engines = SpeechEngines.create(vosk)) {
            assertThat(engines.recognizer()).isEmpty();
            assertThat(engines.problems()).anyMatch(p -> p.contains("Vosk model directory"));
        }
    }

    @Test
    void unknownEngineNameIsAConfigurationError() {
        assertThatThrownBy(() -> SpeechEngines.create(SpeechSettings.defaults().withRecognizer("whisper")))
                .isInstanceOf(SpeechException.class).hasMessageContaining("pocketsphinx");
        assertThatThrownBy(() -> SpeechEngines.create(SpeechSettings.defaults().withSynthesizer("polly", null)))
                .isInstanceOf(SpeechException.class).hasMessageContaining("espeak");
    }
}
