package jp.uketsuke.voicebot.faq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import jp.uketsuke.voicebot.FaqEntry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class FaqIndexTest {

    private static final List<FaqEntry> JAPANESE = List.of(
            new FaqEntry("hours", List.of("営業時間は何時からですか", "何時まで開いていますか"), "営業時間は午前9時から午後6時までです。", '1'),
            new FaqEntry("parking", List.of("駐車場はありますか", "車で行けますか"), "建物の裏に駐車場が3台分ございます。", null),
            new FaqEntry("wifi", List.of("ＷｉＦｉは使えますか", "ネットは使えますか"), "待合室で無料のWiFiをお使いいただけます。", null),
            new FaqEntry("booking", List.of("予約をしたいです", "予約の方法を教えてください"), "ご予約はホームページから承ります。", null));

    private static final List<FaqEntry> ENGLISH = List.of(
            new FaqEntry("hours", List.of("what are your business hours", "when are you open"), "We are open nine to five.", '1'),
            new FaqEntry("parking", List.of("do you have parking", "where can I park"), "There is a garage under the building.", null),
            new FaqEntry("address", List.of("what is your address", "where are you located"), "We are at 120 Harbor Street.", null));

    private final FaqIndex japanese = FaqIndex.of("ja-JP", JAPANESE);
    private final FaqIndex english = FaqIndex.of("en-US", ENGLISH);

    @Test
    void aQuestionHeardInHiraganaFindsTheEntryWrittenInKanji() {
        assertThat(japanese.best("えいぎょうじかんはなんじからですか")).hasValueSatisfying(m -> {
            assertThat(m.entry().id()).isEqualTo("hours");
            assertThat(m.score()).isBetween(FaqIndex.DEFAULT_THRESHOLD, 1.0);
        });
        assertThat(japanese.best("ちゅうしゃじょうってありますか")).map(m -> m.entry().id()).hasValue("parking");
    }

    @Test
    void fullWidthHalfWidthAndKatakanaVariantsMeet() {
        assertThat(japanese.best("wifiは使えますか")).map(m -> m.entry().id()).hasValue("wifi");
        assertThat(japanese.best("ﾈｯﾄは使えますか")).map(m -> m.entry().id()).hasValue("wifi");
        assertThat(japanese.best("ねっとはつかえますか")).map(m -> m.entry().id()).hasValue("wifi");
        assertThat(japanese.best("チューシャジョーはありますか")).map(m -> m.entry().id()).hasValue("parking");
    }

    @Test
    void fillersAndPoliteEndingsDoNotStandInTheWay() {
        FaqMatch plain = japanese.best("駐車場はありますか").orElseThrow();
        FaqMatch padded = japanese.best("えーとすみませんあのー駐車場ってありますでしょうか").orElseThrow();
        assertThat(padded.entry().id()).isEqualTo("parking");
        assertThat(padded.score()).isGreaterThanOrEqualTo(plain.score() * 0.8);
    }

    @Test
    void englishStemsMeetAndAsrLowerCaseIsEnough() {
        assertThat(english.best("um what hours are you opened")).map(m -> m.entry().id()).hasValue("hours");
        assertThat(english.best("is there somewhere i can park my car")).map(m -> m.entry().id()).hasValue("parking");
        assertThat(english.best("WHERE ARE YOU LOCATED?")).map(m -> m.entry().id()).hasValue("address");
    }

    @Test
    void somethingTheFaqDoesNotCoverIsNoMatch() {
        assertThat(japanese.best("光回線のご案内でお電話しました")).isEmpty();
        assertThat(english.best("i'm calling about your car's extended warranty")).isEmpty();
    }

    @Test
    void aSynonymFindsTheEntryButScoresBelowTheFaqsOwnWord() {
        List<FaqEntry> payment = List.of(new FaqEntry("payment", List.of("do you accept credit cards"), "Cards are fine.", null),
                ENGLISH.get(1));
        FaqIndex index = FaqIndex.of("en-US", payment);
        FaqMatch own = index.ranked("do you accept cards", 1).getFirst();
        FaqMatch synonym = index.ranked("do you accept visa", 1).getFirst();
        assertThat(synonym.entry().id()).isEqualTo("payment");
        assertThat(synonym.score()).isLessThan(own.score());
    }

    @Test
    void aSalesPitchUsingTheFaqsWordsGetsNoAnswer() {
        assertThat(english.best("do you have parking")).isPresent();
        assertThat(english.best("hi this is dave from acme we are offering parking lot repairs")).isEmpty();
        assertThat(english.best("we're offering free parking signs for your business")).isEmpty();
    }

    @Test
    void emptyBlankEmojiAndNullUtterancesMatchNothing() {
        for (String heard : new String[] {"", "   ", "\u3000\t\n", "😀🙏", "。、！？", null}) {
            assertThat(japanese.best(heard)).as("%s", heard).isEmpty();
            assertThat(english.ranked(heard, 3)).as("%s", heard).isEmpty();
        }
    }

    @Test
    void aMegabyteUtteranceIsCutAndAnsweredQuickly() {
        String huge = "駐車場はありますか" + "あ".repeat(1_000_000);
        assertThat(japanese.ranked(huge, 3)).isNotNull();
        String hugeEnglish = "do you have parking " + "blah ".repeat(200_000);
        assertThat(english.ranked(hugeEnglish, 3)).isNotNull();
        String surrogates = "😀".repeat(600_000);
        assertThat(japanese.best(surrogates)).isEmpty();
    }

    @Test
    void rankedListsSurestFirstWithScoresInTheUnitInterval() {
        List<FaqMatch> ranked = japanese.ranked("予約の方法と駐車場", 10);
        assertThat(ranked).isNotEmpty().hasSizeLessThanOrEqualTo(JAPANESE.size());
        assertThat(ranked).allSatisfy(m -> assertThat(m.score()).isBetween(0.0, 1.0));
        for (int i = 1; i < ranked.size(); i++) {
            assertThat(ranked.get(i).score()).isLessThanOrEqualTo(ranked.get(i - 1).score());
        }
        assertThat(japanese.ranked("予約の方法", 0)).isEmpty();
        assertThat(japanese.ranked("予約の方法を教えてください", 1).getFirst().score()).isEqualTo(1.0);
    }

    @Test
    void theThresholdDecidesWhenBestStaysSilent() {
        String heard = "is the parking free";
        FaqMatch match = english.ranked(heard, 1).getFirst();
        assertThat(match.score()).isLessThan(0.99);
        assertThat(english.withThreshold(match.score()).best(heard)).isPresent();
        assertThat(english.withThreshold(match.score() + 0.01).best(heard)).isEmpty();
        assertThatThrownBy(() -> english.withThreshold(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> english.withThreshold(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theAnswerTextCountsButLessThanAPhrasing() {
        // 「裏」 only appears in the parking answer.
        assertThat(japanese.ranked("建物の裏", 1)).first().satisfies(m -> {
            assertThat(m.entry().id()).isEqualTo("parking");
            assertThat(m.score()).isLessThan(1.0);
        });
    }

    @Test
    void anFaqWithThousandsOfEntriesIsRefusedNamingTheLimit() {
        List<FaqEntry> tooMany = entries(5000, 1);
        assertThatThrownBy(() -> FaqIndex.of("ja-JP", tooMany)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 2000 entries").hasMessageContaining("5000");
    }

    @Test
    void anFaqAtTheEntryLimitBuildsAndAnswers() {
        FaqIndex big = FaqIndex.of("ja-JP", entries(FaqIndex.MAX_ENTRIES, 3));
        assertThat(big.ranked("質問1999番の件について", 1)).first()
                .satisfies(m -> assertThat(m.entry().id()).isEqualTo("q1999"));
    }

    @Test
    void oversizedEntriesAreRefusedNamingTheEntry() {
        FaqEntry manyPhrasings = new FaqEntry("menu", java.util.Collections.nCopies(51, "メニュー"), "答え", null);
        assertThatThrownBy(() -> FaqIndex.of("ja-JP", List.of(manyPhrasings)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'menu'").hasMessageContaining("51");
        FaqEntry longPhrase = new FaqEntry("long", List.of("a".repeat(501)), "answer", null);
        assertThatThrownBy(() -> FaqIndex.of("en-US", List.of(ENGLISH.getFirst(), longPhrase)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'long' (#2)")
                .hasMessageContaining("phrasing 1");
        FaqEntry longAnswer = new FaqEntry("\u0007\u0007", List.of("hours"), "x".repeat(2001), null);
        assertThatThrownBy(() -> FaqIndex.of("en-US", List.of(longAnswer)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FAQ entry #1")
                .hasMessageContaining("answer");
        List<FaqEntry> withNull = new ArrayList<>(ENGLISH);
        withNull.add(null);
        assertThatThrownBy(() -> FaqIndex.of("en-US", withNull))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("#4");
    }

    @Test
    void buildingAndQueryingLeavesTheEntriesAndTheirJsonUntouched() {
        JsonMapper json = JsonMapper.builder().build();
        String before = json.writeValueAsString(JAPANESE);
        FaqIndex index = FaqIndex.of("ja-JP", JAPANESE);
        FaqMatch match = index.best("ＷｉＦｉは使えますか").orElseThrow();
        assertThat(match.entry()).isSameAs(JAPANESE.get(2));
        assertThat(json.writeValueAsString(JAPANESE)).isEqualTo(before);
    }

    @Test
    void theIndexIsImmutableByConstruction() {
        for (Class<?> type : List.of(FaqIndex.class, TermWeights.class, KanaSpotter.class, SpokenPhrases.class,
                SpokenChoice.class)) {
            for (Field field : type.getDeclaredFields()) {
                assertThat(Modifier.isFinal(field.getModifiers())).as("%s.%s is final", type.getSimpleName(),
                        field.getName()).isTrue();
            }
        }
    }

    private static List<FaqEntry> entries(int count, int phrasings) {
        List<FaqEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<String> phrases = new ArrayList<>();
            for (int p = 0; p < phrasings; p++) {
                phrases.add("質問" + i + "番の件について" + (p == 0 ? "" : "その" + p) + "教えてください");
            }
            entries.add(new FaqEntry("q" + i, phrases, "回答" + i + "番です。", null));
        }
        return entries;
    }
}
