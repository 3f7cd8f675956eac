package jp.uketsuke.speech.espeak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import jp.uketsuke.speech.AudioClip;
import jp.uketsuke.speech.SpeechException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EspeakSynthesizerTest {

    private final EspeakSynthesizer espeak = new EspeakSynthesizer(EspeakSynthesizer.Config.defaults());

    @Test
    void speaksEnglishAndJapaneseAt22050Hz() {
        AudioClip english = espeak.synthesize("Thank you for calling.", "en-US");
        AudioClip japanese = espeak.synthesize("お電話ありがとうございます", "ja-JP");

        assertThat(english.sampleRate()).isEqualTo(22050);
        assertThat(english.duration().toMillis()).isBetween(600L, 4000L);
        assertThat(japanese.sampleRate()).isEqualTo(22050);
        assertThat(japanese.duration().toMillis()).isGreaterThan(500);
    }

    @Test
    void textThatLooksLikeOptionsOrMarkupIsSpokenNotObeyed(@TempDir Path dir) {
        Path target = dir.resolve("owned.wav");

        AudioClip clip = espeak.synthesize("--help -w " + target + " <speak>; rm -rf / $(id)\u0000\u0007", "en-US");

        assertThat(clip.duration().toMillis()).isGreaterThan(1000);
        assertThat(Files.exists(target)).isFalse();
    }

    @Test
    void fasterRateGivesShorterAudio() {
        EspeakSynthesizer fast = new EspeakSynthesizer(new EspeakSynthesizer.Config(
                EspeakSynthesizer.Config.DEFAULT_BINARY, 300, Duration.ofSeconds(20), 2000));
        String text = "Our office is open from nine to five on weekdays.";

        assertThat(fast.synthesize(text, "en-US").duration()).isLessThan(espeak.synthesize(text, "en-US").duration());
    }

    @Test
    void refusesEmptyOverlongTextAndBadLanguageTags() {
        assertThatThrownBy(() -> espeak.synthesize("", "en-US")).isInstanceOf(SpeechException.class);
        assertThatThrownBy(() -> espeak.synthesize(null, "en-US")).isInstanceOf(SpeechException.class);
        assertThatThrownBy(() -> espeak.synthesize("a".repeat(2001), "en-US")).isInstanceOf(SpeechException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> espeak.synthesize("hello", "en-US -w /tmp/x")).isInstanceOf(SpeechException.class)
                .hasMessageContaining("language tag");
        assertThatThrownBy(() -> espeak.synthesize("hello", null)).isInstanceOf(SpeechException.class);
    }

    @Test
    void mapsLanguageTagsToVoices() {
        assertThat(EspeakSynthesizer.voice("en-US")).isEqualTo("en-us");
        assertThat(EspeakSynthesizer.voice("ja-JP")).isEqualTo("ja");
        assertThat(EspeakSynthesizer.voice("fr-FR")).isEqualTo("fr");
    }

    @Test
    void missingBinaryNamesTheDebianPackage(@TempDir Path dir) {
        EspeakSynthesizer.Config config = new EspeakSynthesizer.Config(dir.resolve("espeak-ng"), 160,
                Duration.ofSeconds(5), 100);

        assertThatThrownBy(() -> new EspeakSynthesizer(config)).isInstanceOf(SpeechException.class)
                .hasMessageContaining("apt-get install espeak-ng");
    }

    @Test
    void aProgramThatIsNotEspeakIsAClearError() {
        // /bin/false exits with status 1 and writes nothing: stands in for a broken installation.
        EspeakSynthesizer broken = new EspeakSynthesizer(new EspeakSynthesizer.Config(Path.of("/bin/false"), 160,
                Duration.ofSeconds(5), 100));

        assertThatThrownBy(() -> broken.synthesize("hello", "en-US")).isInstanceOf(SpeechException.class)
                .hasMessageContaining("exit code");
    }

    @Test
    void invalidConfigurationIsRejected() {
        assertThatThrownBy(() -> new EspeakSynthesizer.Config(null, 160, Duration.ofSeconds(1), 10))
                .isInstanceOf(SpeechException.class);
        assertThatThrownBy(() -> new EspeakSynthesizer.Config(Path.of("/usr/bin/espeak-ng"), 5000,
                Duration.ofSeconds(1), 10)).isInstanceOf(SpeechException.class);
        assertThatThrownBy(() -> new EspeakSynthesizer.Config(Path.of("/usr/bin/espeak-ng"), 160, Duration.ZERO,
                10)).isInstanceOf(SpeechException.class);
    }
}
