package jp.uketsuke.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class RedactorTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "090-1234-5678", "09012345678", "090 1234 5678", "０９０－１２３４－５６７８", "〇九〇ー一二三四ー五六七八",
            "〇九〇一二三四五六七八", "zero nine zero one two three four five six seven eight",
            "Oh nine oh, one two three four, five six seven eight", "oh nine oh double one two two five six seven eight",
            "+81 90-1234-5678", "+81 (0)90-1234-5678", "＋８１ ９０ １２３４ ５６７８", "plus eight one nine zero one two three four five six seven eight",
            "080‐1234‐5678", "070―1234―5678", "090の1234の5678", "090ハイフン1234ハイフン5678", "〇九〇の一二三四の五六七八",
            "050-1234-5678", "(090) 1234-5678", "090.1234.5678", "090・1234・5678"})
    void mobileAndIpPhoneNumbersInEveryScriptKeepOnlyTheirLastFourDigits(String number) {
        String redacted = Redactor.redact("お電話番号は" + number + "です。");
        assertThat(redacted).isEqualTo("お電話番号は[電話番号 ****-5678]です。");
    }

    @ParameterizedTest
    @ValueSource(strings = {"03-1234-5678", "(03)1234-5678", "045-123-5678", "0120-12-5678", "0120-125-678", "0800-123-5678",
            "0570-01-5678", "06 6123 5678", "oh three one two three four five six seven eight", "+81 3 1234 5678"})
    void landlineFreeDialAndNaviDialNumbersAreMasked(String number) {
        assertThat(Redactor.redact("Please call " + number + " tomorrow")).isEqualTo("Please call [電話番号 ****-5678] tomorrow");
    }

    @Test
    void parenthesesAroundANumberStay() {
        assertThat(Redactor.redact("(03)1234-5678")).isEqualTo("[電話番号 ****-5678]");
        assertThat(Redactor.redact("配達の件 (0312345678)")).isEqualTo("配達の件 ([電話番号 ****-5678])");
        assertThat(Redactor.redact("（〇九〇ー一二三四ー五六七八）")).isEqualTo("（[電話番号 ****-5678]）");
    }

    @Test
    void aNumberAbroadAfterAPlusIsAPhoneNumber() {
        assertThat(Redactor.redact("call +1 415 555 0100 please")).isEqualTo("call [電話番号 ****-0100] please");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111111", "４１１１ １１１１ １１１１ １１１１",
            "four one one one one one one one one one one one one one one one"})
    void cardNumbersPassingLuhnKeepOnlyTheirLastFour(String card) {
        assertThat(Redactor.redact("カードは" + card + "で")).isEqualTo("カードは[カード番号 ****-1111]で");
    }

    @Test
    void cardNumbersOfOtherLengthsAndBrandsAreMasked() {
        assertThat(Redactor.redact("Amex 3782 822463 10005 and JCB 3530-1113-3330-0000."))
                .isEqualTo("Amex [カード番号 ****-0005] and JCB [カード番号 ****-0000].");
    }

    @ParameterizedTest
    @ValueSource(strings = {"123456789018", "1234 5678 9018", "1234-5678-9018", "１２３４５６７８９０１８", "一二三四 五六七八 九〇一八"})
    void myNumbersWithTheirCheckDigitShowNothing(String myNumber) {
        assertThat(Redactor.redact("マイナンバーは" + myNumber + "です")).isEqualTo("マイナンバーは[マイナンバー]です");
    }

    @Test
    void theMyNumberCheckDigitFollowsTheOrdinance() {
        // 1·2+0·3+9·4+8·5+7·6+6·7+5·2+4·3+3·4+2·5+1·6 = 212, 212 mod 11 = 3, check digit 11 − 3 = 8
        assertThat(jp.uketsuke.redaction.internal.Scanner.scan("123456789018")).hasSize(1);
        assertThat(Redactor.find("123456789018")).containsExactly(new Finding(Kind.MY_NUMBER, 0, 12));
        // the same eleven digits with any other check digit is no My Number (nor a phone or card number)
        for (char wrong : "012345679".toCharArray()) {
            assertThat(Redactor.find("12345678901" + wrong)).as("check digit %s", wrong).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"taro.yamada@example.co.jp", "09012345678@docomo.ne.jp", "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ",
            "taro dot yamada at example dot co dot jp", "taro at example dot com", "taro アットマーク example ドット com",
            "info+calls@mail.example.com"})
    void emailAddressesWrittenOrSpokenAreMasked(String address) {
        assertThat(Redactor.redact("メールは " + address + " まで。")).isEqualTo("メールは [メールアドレス] まで。");
    }

    @Test
    void theFullStopAfterAnAddressIsKept() {
        assertThat(Redactor.redact("Write to taro@example.jp.")).isEqualTo("Write to [メールアドレス].");
    }

    @ParameterizedTest
    @ValueSource(strings = {"〒100-0005 東京都千代田区丸の内1-1-1", "〒1000005", "〒１００－０００５ 東京都千代田区丸の内",
            "100-0005 東京都千代田区丸の内一丁目1番1号", "東京都港区芝公園4丁目2番8号", "港区芝公園4-2-8", "大阪府大阪市北区梅田3-1-3",
            "埼玉県さいたま市浦和区高砂3丁目15番1号", "北海道札幌市中央区北1条西2丁目", "郵便番号は530-0001"})
    void postalCodesAndAddressesAreMasked(String address) {
        assertThat(Redactor.redact("住所は" + address + "です")).isEqualTo("住所は[住所]です");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "15時半に伺います", "明日の午後3時から5時まで", "2026年12月7日に予約", "2026-12-07 15:30 の予約", "1,500円です", "3名で、2部屋",
            "注文番号は12345です", "大阪市の店舗に行きます", "10時の3番窓口", "電話は3回鳴りました", "0120から始まる番号", "会員番号 1234-5678",
            "I'll be there at three thirty", "one or two people", "Oh, I see. Two tickets please.", "価格は12,800円と15,000円",
            "第1四半期", "一人で二回", "予約は12/24 19:00、4名", "room 1203, floor 12"})
    void ordinaryNumbersAreLeftAsTheyAre(String text) {
        assertThat(Redactor.redact(text)).isEqualTo(text);
        assertThat(Redactor.find(text)).isEmpty();
    }

    @Test
    void findingsGiveThePositionsRedactMasks() {
        String text = "電話は090-1234-5678、メールはa@example.jpです";
        List<Finding> found = Redactor.find(text);
        assertThat(found).containsExactly(new Finding(Kind.PHONE, 3, 16), new Finding(Kind.EMAIL, 21, 33));
        assertThat(text.substring(3, 16)).isEqualTo("090-1234-5678");
        assertThat(text.substring(21, 33)).isEqualTo("a@example.jp");
    }

    @Test
    void numbersRunTogetherAreMaskedWholeShowingNoDigits() {
        // two numbers said one after the other: no digit of either is shown, as the last four may belong to the other
        assertThat(Redactor.redact("03-1234-5678 090-8765-4321")).isEqualTo("[電話番号]");
        assertThat(Redactor.redact("my number is 1234 5678 9018 4")).isEqualTo("my number is [マイナンバー]");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void nullAndEmptyPassThrough(String text) {
        assertThat(Redactor.redact(text)).isEqualTo(text);
        assertThat(Redactor.find(text)).isEmpty();
    }

    @Test
    void hostileInputIsHandledQuickly() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThat(Redactor.redact("1".repeat(1_000_000))).isEqualTo("1".repeat(1_000_000));
            assertThat(Redactor.redact("0".repeat(200_000))).isEqualTo("[マイナンバー]"); // twelve zeros pass the check digit
            String digits = "9".repeat(100_000) + "0901234567" + "8";
            assertThat(Redactor.redact(digits)).isEqualTo("[電話番号]");
            String kanji = "東京都港区芝公園".repeat(50_000) + "4-2-8";
            assertThat(Redactor.redact(kanji)).endsWith("[住所]").doesNotContain("4-2-8");
            assertThat(Redactor.redact("@".repeat(100_000) + "a@b.jp")).endsWith("@[メールアドレス]");
            assertThat(Redactor.redact("a".repeat(100_000) + "@" + "b".repeat(100_000))).doesNotContain("[");
            assertThat(Redactor.redact("taro at ".repeat(50_000))).doesNotContain("[");
            assertThat(Redactor.redact("1-".repeat(200_000))).isNotNull();
        });
    }

    @Test
    void mixedScriptsAndUnusualDigitsAreMasked() {
        // mathematical bold digits are outside the BMP: two chars each
        String bold = "𝟎𝟗𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖";
        assertThat(Redactor.redact("番号" + bold + "。")).isEqualTo("番号[電話番号 ****-5678]。");
        assertThat(Redactor.redact("０9〇 one ２三4 5six七8")).isEqualTo("[電話番号 ****-5678]");
        assertThat(Redactor.redact("\u0000090-1234-5678\u0000")).isEqualTo("\u0000[電話番号 ****-5678]\u0000");
    }
}
