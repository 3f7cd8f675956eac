package jp.uketsuke.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import jp.uketsuke.speech.espeak.EspeakSynthesizer;
import jp.uketsuke.speech.openjtalk.OpenJTalkSynthesizer;
import org.junit.jupiter.api.Test;

/** Real engines on both sides; their sample rates tell who spoke (Open JTalk's voice 48 kHz, espeak-ng 22 050 Hz). */
class LanguageRoutedSynthesizerTest {

    private static final SpeechSynthesizer ESPEAK = new EspeakSynthesizer(EspeakSynthesizer.Config.defaults());
    private static final SpeechSynthesizer OPEN_JTALK =
            new OpenJTalkSynthesizer(OpenJTalkSynthesizer.Config.defaults());

    private final LanguageRoutedSynthesizer routed =
            new LanguageRoutedSynthesizer(Map.of("ja", OPEN_JTALK), ESPEAK);

    @Test
    void japaneseGoesToOpenJTalkWhateverTheRegionOrCase() {
        assertThat(routed.synthesize("はい", "ja").sampleRate()).isEqualTo(48000);
        assertThat(routed.synthesize("はい", "ja-JP").sampleRate()).isEqualTo(48000);
        assertThat(routed.synthesize("はい", "JA-jp").sampleRate()).isEqualTo(48000);
    }

    @Test
    void everyOtherLanguageGoesToTheGeneralEngine() {
        assertThat(routed.synthesize("Thank you for calling.", "en-US").sampleRate()).isEqualTo(22050);
        assertThat(routed.synthesize("Merci", "fr").sampleRate()).isEqualTo(22050);
    }

    @Test
    void theWholePrimarySubtagDecidesNotItsFirstLetters() {
        assertThat(LanguageRoutedSynthesizer.primaryLanguage("ja-JP")).isEqualTo("ja");
        assertThat(LanguageRoutedSynthesizer.primaryLanguage("jam-JM")).isEqualTo("jam"); // Jamaican Creole
        assertThat(LanguageRoutedSynthesizer.primaryLanguage(null)).isEmpty();
    }

    @Test
    void malformedTagsReachAnEngineThatRefusesThem() {
        assertThatThrownBy(() -> routed.synthesize("はい", "ja -x /etc")).isInstanceOf(SpeechException.class)
                .hasMessageContaining("language tag");
        assertThatThrownBy(() -> routed.synthesize("hello", null)).isInstanceOf(SpeechException.class)
                .hasMessageContaining("language tag");
    }

    @Test
    void withoutAGeneralEngineOtherLanguagesAreAClearError() {
        LanguageRoutedSynthesizer japaneseOnly = new LanguageRoutedSynthesizer(Map.of("ja", OPEN_JTALK), null);

        assertThat(japaneseOnly.synthesize("はい", "ja-JP").sampleRate()).isEqualTo(48000);
        assertThatThrownBy(() -> japaneseOnly.synthesize("hello", "en-US")).isInstanceOf(SpeechException.class)
                .hasMessageContaining("no speech synthesizer is installed for the language 'en-US'");
    }
}
