package jp.uketsuke.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.net.URI;
import java.nio.file.Files;
import jp.uketsuke.speech.http.HttpRecognizer;
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
            assertThat(prompt.sampleRate()).isEqualTo(22050); // espeak-ng
            Recognition heard = engines.recognizer().orElseThrow().recognize(
                    TestAudio.concat(TestAudio.silence(22050, 300), prompt, TestAudio.silence(22050, 300)),
                    new Vocabulary("en-US", List.of("operator", "yes", "no")));
            assertThat(heard.text()).isEqualTo("operator");
        }
    }

    @Test
    void japanesePromptsGoToOpenJTalkAndEnglishToEspeakBehindOneCache() {
        try (SpeechEngines engines = SpeechEngines.create(SpeechSettings.defaults().withRecognizer("none"))) {
            SpeechSynthesizer voice = engines.synthesizer().orElseThrow();

            assertThat(voice).isInstanceOf(PromptCache.class);
            assertThat(voice.synthesize("本日の営業は終了しました。", "ja-JP").sampleRate()).isEqualTo(48000);
            assertThat(voice.synthesize("We are closed today.", "en-US").sampleRate()).isEqualTo(22050);
            assertThat(((PromptCache) voice).size()).isEqualTo(2);
        }
    }

    @Test
    void withoutOpenJTalkJapaneseFallsBackToEspeakAndTheProblemSaysWhatToInstall(@TempDir Path nowhere) {
        SpeechSettings noOpenJtalk = SpeechSettings.defaults().withRecognizer("none")
                .withOpenJtalk(nowhere.resolve("open_jtalk"), null, null);
        SpeechSettings noVoice = SpeechSettings.defaults().withRecognizer("none")
                .withOpenJtalk(null, null, nowhere.resolve("mei_normal.htsvoice"));

        try (SpeechEngines engines = SpeechEngines.create(noOpenJtalk)) {
            assertThat(engines.synthesizer().orElseThrow().synthesize("はい", "ja-JP").sampleRate()).isEqualTo(22050);
            assertThat(engines.problems()).anyMatch(p -> p.contains("Japanese prompts fall back to espeak")
                    && p.contains("apt-get install open-jtalk open-jtalk-mecab-naist-jdic"));
        }
        try (SpeechEngines engines = SpeechEngines.create(noVoice)) {
            assertThat(engines.problems()).anyMatch(p -> p.contains("./uketsuke voice"));
        }
    }

    @Test
    void openJTalkAloneStillSpeaksJapaneseWhenEspeakIsMissing(@TempDir Path nowhere) {
        SpeechSettings noEspeak = SpeechSettings.defaults().withRecognizer("none")
                .withSynthesizer("espeak", nowhere.resolve("espeak-ng"));

        try (SpeechEngines engines = SpeechEngines.create(noEspeak)) {
            SpeechSynthesizer voice = engines.synthesizer().orElseThrow();
            assertThat(voice.synthesize("はい", "ja").sampleRate()).isEqualTo(48000);
            assertThatThrownBy(() -> voice.synthesize("yes", "en-US")).isInstanceOf(SpeechException.class)
                    .hasMessageContaining("no speech synthesizer");
            assertThat(engines.problems()).anyMatch(p -> p.contains("espeak-ng"));
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
                .withSynthesizer("espeak", nowhere.resolve("espeak-ng"))
                .withOpenJtalk(nowhere.resolve("open_jtalk"), null, null);

        try (SpeechEngines engines = SpeechEngines.create(missing)) {
            assertThat(engines.recognizer()).isEmpty();
            assertThat(engines.synthesizer()).isEmpty();
            assertThat(String.join("\n", engines.problems())).contains("libpocketsphinx3", "pocketsphinx-en-us",
                    "espeak-ng", "open-jtalk");
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
        assertThatThrownBy(() -> SpeechEngines.create(SpeechSettings.defaults().withRecognizer("kaldi")))
                .isInstanceOf(SpeechException.class).hasMessageContaining("pocketsphinx");
        assertThatThrownBy(() -> SpeechEngines.create(SpeechSettings.defaults().withSynthesizer("polly", null)))
                .isInstanceOf(SpeechException.class).hasMessageContaining("espeak");
    }

    @Test
    void autoTakesAConfiguredWhisperModelAndReportsWhyItIsUnusable(@TempDir Path dir) throws Exception {
        Path notAModel = Files.writeString(dir.resolve("ggml-small.bin"), "<html>download page</html>");

        try (SpeechEngines engines = SpeechEngines.create(SpeechSettings.defaults().withWhisperModel(notAModel))) {
            assertThat(engines.recognizer()).isEmpty();
            assertThat(engines.problems()).anyMatch(p -> p.contains("not a whisper.cpp ggml model"));
        }
        try (SpeechEngines engines = SpeechEngines.create(SpeechSettings.defaults().withRecognizer("whisper"))) {
            assertThat(engines.problems()).anyMatch(p -> p.contains("no whisper model file is configured"));
        }
    }

    @Test
    void voskModelWinsOverAWhisperModelInAuto(@TempDir Path dir) {
        SpeechSettings both = SpeechSettings.defaults().withVoskModel(dir.resolve("vosk-model-ja"))
                .withWhisperModel(dir.resolve("ggml-small.bin"));

        try (SpeechEngines engines = SpeechEngines.create(both)) {
            assertThat(engines.problems()).anyMatch(p -> p.contains("Vosk model directory"))
                    .noneMatch(p -> p.contains("whisper"));
        }
    }

    @Test
    void httpRecognizerIsChosenByNameAndNeedsItsServer() {
        SpeechSettings http = SpeechSettings.defaults().withRecognizer("http");
        try (SpeechEngines engines = SpeechEngines.create(http)) {
            assertThat(engines.recognizer()).isEmpty();
            assertThat(engines.problems()).anyMatch(p -> p.contains("no server URL"));
        }
        try (SpeechEngines engines = SpeechEngines.create(http.withHttpRecognizer(
                URI.create("http://127.0.0.1:8080"), null, null, null))) {
            assertThat(engines.recognizer()).containsInstanceOf(HttpRecognizer.class);
        }
    }
}
