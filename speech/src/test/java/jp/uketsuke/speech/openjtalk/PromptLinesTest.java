package jp.uketsuke.speech.openjtalk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromptLinesTest {

    @Test
    void controlCharactersAndSeparatorsBecomeOneSpaceAndInvisibleFormattingGoes() {
        assertThat(PromptLines.speakable("  はい\n\r\tいいえ\u0000\u001b[2J\u3000\u2028ど\u200bう\u202eぞ  "))
                .isEqualTo("はい いいえ [2J どうぞ");
    }

    @Test
    void shortTextIsOneLine() {
        assertThat(PromptLines.split("お電話ありがとうございます。", 1000)).containsExactly("お電話ありがとうございます。");
    }

    @Test
    void longTextIsCutAfterSentencesWithinTheByteLimit() {
        String sentence = "少々お待ちください。"; // 10 characters, 30 bytes
        List<String> lines = PromptLines.split(sentence.repeat(10), 100);

        assertThat(lines).allSatisfy(line -> {
            assertThat(PromptLines.utf8Length(line)).isLessThanOrEqualTo(100);
            assertThat(line).endsWith("。");
        });
        assertThat(String.join("", lines)).isEqualTo(sentence.repeat(10));
    }

    @Test
    void withoutSentencesTextIsCutAtClausesThenAnywhereButNeverInsideACharacter() {
        List<String> clauses = PromptLines.split("はい、".repeat(20), 31);
        List<String> unbroken = PromptLines.split("😀あ".repeat(50), 32);

        assertThat(clauses).allSatisfy(line -> assertThat(line).endsWith("、"));
        assertThat(String.join("", clauses)).isEqualTo("はい、".repeat(20));
        assertThat(unbroken).allSatisfy(line -> {
            assertThat(PromptLines.utf8Length(line)).isLessThanOrEqualTo(32);
            assertThat(line.codePoints().allMatch(Character::isValidCodePoint)).isTrue();
            assertThat(Character.isHighSurrogate(line.charAt(line.length() - 1))).isFalse();
        });
        assertThat(String.join("", unbroken)).isEqualTo("😀あ".repeat(50));
    }
}
