package jp.uketsuke.speech;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {

    @Test
    void phrasesBecomeABoundedPromptWithoutControlCharactersOrRepeats() {
        Vocabulary menu = new Vocabulary("ja-JP", List.of("営業時間", "住所\nを教えて", "営業時間", " "));

        assertThat(menu.prompt(200)).isEqualTo("営業時間、住所 を教えて");
        assertThat(new Vocabulary("en-US", List.of("yes", "no")).prompt(200)).isEqualTo("yes, no");
        assertThat(new Vocabulary("ja-JP", List.of()).prompt(200)).isNull();
        String cut = new Vocabulary("ja-JP", List.of("𠮷野家".repeat(100))).prompt(200);
        assertThat(cut.length()).isLessThanOrEqualTo(200);
        assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 1))).isFalse();
    }
}
