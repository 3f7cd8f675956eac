package jp.uketsuke.voicebot.faq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpokenChoiceTest {

    private static final SpokenPhrases CLOSING_JA = SpokenPhrases.of("ja-JP", List.of("いいえ", "大丈夫です", "以上です", "ありません"));
    private static final SpokenPhrases CLOSING_EN =
            SpokenPhrases.of("en-US", List.of("no", "no thank you", "that is all", "nothing else", "goodbye"));

    @Test
    void closingWordsAreHeardInKanaOrKanji() {
        assertThat(CLOSING_JA.saidIn("いじょうです")).isTrue();
        assertThat(CLOSING_JA.saidIn("えーと以上です")).isTrue();
        assertThat(CLOSING_JA.saidIn("だいじょうぶですありがとうございました")).isTrue();
        assertThat(CLOSING_JA.saidIn("ありません")).isTrue();
    }

    @Test
    void aQuestionThatContainsGrammarWordsOfAPhraseIsNotThatPhrase() {
        assertThat(CLOSING_JA.saidIn("駐車場はありませんか")).isFalse();
        assertThat(CLOSING_JA.saidIn("予約をしたいです")).isFalse();
        assertThat(CLOSING_EN.saidIn("is there no parking")).isFalse();
    }

    @Test
    void englishClosingWordsAreHeard() {
        assertThat(CLOSING_EN.saidIn("no thank you")).isTrue();
        assertThat(CLOSING_EN.saidIn("um no")).isTrue();
        assertThat(CLOSING_EN.saidIn("no thanks that's all")).isTrue();
        assertThat(CLOSING_EN.saidIn("what are your hours")).isFalse();
    }

    @Test
    void theMenuOptionTheCallerAskedForIsChosen() {
        Map<String, List<String>> options = new LinkedHashMap<>();
        options.put("booking", List.of("予約", "予約したい"));
        options.put("change", List.of("予約の変更", "予約を変えたい"));
        options.put("staff", List.of("担当者", "オペレーター", "人と話したい"));
        SpokenChoice<String> menu = SpokenChoice.of("ja-JP", options);
        assertThat(menu.heard("えーとよやくしたいんですけど")).hasValue("booking");
        assertThat(menu.heard("予約の変更をお願いします")).hasValue("change");
        assertThat(menu.heard("たんとうしゃにかわってください")).hasValue("staff");
        assertThat(menu.heard("おぺれーたーおねがいします")).hasValue("staff");
        assertThat(menu.heard("今日の天気はどうですか")).isEmpty();
        assertThat(menu.heard("")).isEmpty();
        assertThat(menu.heard(null)).isEmpty();
    }

    @Test
    void twoOptionsSaidEquallyChooseNeither() {
        Map<String, List<String>> options = new LinkedHashMap<>();
        options.put("sales", List.of("sales"));
        options.put("support", List.of("support"));
        SpokenChoice<String> menu = SpokenChoice.of("en-US", options);
        assertThat(menu.heard("support please")).hasValue("support");
        assertThat(menu.heard("sales or support")).isEmpty();
        Map<String, List<String>> staff = new LinkedHashMap<>();
        staff.put("operator", List.of("operator", "talk to someone", "a person"));
        staff.put("message", List.of("leave a message"));
        assertThat(SpokenChoice.of("en-US", staff).heard("can i talk to someone")).hasValue("operator");
        assertThat(SpokenChoice.of("en-US", staff).heard("i'd like to leave a message")).hasValue("message");
    }

    @Test
    void menusAndPhrasesPastTheLimitsAreRefused() {
        Map<Integer, List<String>> tooMany = new LinkedHashMap<>();
        for (int i = 0; i < 51; i++) {
            tooMany.put(i, List.of("option " + i));
        }
        assertThatThrownBy(() -> SpokenChoice.of("en-US", tooMany)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 50");
        assertThatThrownBy(() -> SpokenChoice.of("en-US", Map.of(1, List.of("x".repeat(501)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("option 1");
        assertThatThrownBy(() -> SpokenPhrases.of("ja-JP", List.of("以上です", " ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("phrase 2");
    }

    @Test
    void wordsAreCountedByKuromojiForJapaneseAndBySpacesOtherwise() {
        assertThat(Utterances.words("営業時間は何時からですか", "ja-JP")).isEqualTo(8);
        assertThat(Utterances.words("えーと、予約を。", "ja-JP")).isEqualTo(3);
        assertThat(Utterances.words("what are your business hours", "en-US")).isEqualTo(5);
        assertThat(Utterances.words("  hello,   world!! ", "en-US")).isEqualTo(2);
        assertThat(Utterances.words("", "ja-JP")).isZero();
        assertThat(Utterances.words(null, "en-US")).isZero();
        assertThat(Utterances.words("word ".repeat(1_000_000), "en-US")).isEqualTo(200);
    }
}
