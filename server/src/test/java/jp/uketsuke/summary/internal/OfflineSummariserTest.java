package jp.uketsuke.summary.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.summary.PurposeCategory;
import jp.uketsuke.summary.RequestedTime;
import jp.uketsuke.summary.RequestedTime.PartOfDay;
import jp.uketsuke.summary.Summary;
import jp.uketsuke.summary.SummaryMethod;
import jp.uketsuke.summary.Urgency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OfflineSummariserTest {

    /** Monday 7 December 2026, 10:00 in Tokyo (01:00 UTC). */
    static final Instant MONDAY = Instant.parse("2026-12-07T01:00:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 12, 7);

    final OfflineSummariser summariser = new OfflineSummariser();

    Summary summarise(String callerText, String purpose, CallOutcome outcome) {
        return summariser.summarise(new SummaryInput(UUID.randomUUID(), UUID.randomUUID(), MONDAY, callerText, purpose, outcome));
    }

    @Test
    void aJapaneseMessageGivesNameNumberDateTimeAndUrgency() {
        Summary s = summarise("""
                株式会社ミナト商事の田中と申します。
                明日の午後3時に打ち合わせの予約をお願いしたいのですが、至急折り返しお電話ください。
                番号は090-1234-5678です。""", "予約の件", CallOutcome.MESSAGE_TAKEN);

        assertThat(s).isEqualTo(new Summary(PurposeCategory.APPOINTMENT, "田中", "09012345678",
                new RequestedTime(LocalDate.of(2026, 12, 8), LocalTime.of(15, 0), null), Urgency.HIGH, SummaryMethod.OFFLINE));
    }

    @Test
    void anEnglishCallbackRequestAsARecogniserWritesIt() {
        Summary s = summarise("hi this is john smith from acme please call me back on zero nine zero, one two three four, "
                + "five six seven eight next tuesday at 3 pm it's not urgent", null, CallOutcome.MESSAGE_TAKEN);

        assertThat(s.callerName()).isEqualTo("John Smith");
        assertThat(s.callbackNumber()).isEqualTo("09012345678");
        assertThat(s.requested()).isEqualTo(new RequestedTime(LocalDate.of(2026, 12, 8), LocalTime.of(15, 0), null));
        assertThat(s.category()).isEqualTo(PurposeCategory.CALLBACK);
        assertThat(s.urgency()).isEqualTo(Urgency.NORMAL);
    }

    @Test
    void nothingGivenGivesOnlyTheOutcomesCategory() {
        assertThat(summarise("", null, CallOutcome.CALLER_HUNG_UP)).isEqualTo(
                new Summary(PurposeCategory.OTHER, null, null, null, Urgency.NORMAL, SummaryMethod.OFFLINE));
        assertThat(summarise("あの、えーと", null, CallOutcome.MESSAGE_TAKEN).category()).isEqualTo(PurposeCategory.MESSAGE);
        assertThat(summarise("", null, CallOutcome.FAQ_ANSWERED).category()).isEqualTo(PurposeCategory.INQUIRY);
        assertThat(summarise("ご担当者様はいらっしゃいますか", null, CallOutcome.BLOCKED).category()).isEqualTo(PurposeCategory.SALES);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            商品が壊れていたので返金してほしい               | COMPLAINT
            来週の予約を変更したいです                       | APPOINTMENT
            I'd like to book an appointment                  | APPOINTMENT
            営業時間を教えてください                         | INQUIRY
            how much is a cleaning                           | INQUIRY
            社長に伝言をお願いします                         | MESSAGE
            コスト削減のご案内でお電話しました。ご担当者様は | SALES
            折り返しお電話いただけますか                     | CALLBACK
            """)
    void purposeCategoriesFromKeywords(String text, PurposeCategory expected) {
        assertThat(summarise(text, null, CallOutcome.COMPLETED).category()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            山田と申します                         | 山田
            はい、山田です。予約の件で             | 山田
            わたくし、佐藤花子と申します           | 佐藤花子
            ABC商事の田中です。                    | 田中
            予約の件で鈴木と申しますが             | 鈴木
            My name is Mary Jones and I'd like     | Mary Jones
            this is Mr. Tanaka calling about       | Tanaka
            予約です。                             |
            はい、午前中です                       |
            はい、大丈夫です                       |
            はい、火曜日です                       |
            this is urgent please call             |
            I'm calling about my order             |
            hi it's me again                       |
            it's John                              | John
            """)
    void callerNames(String text, String expected) {
        assertThat(CallerNames.find(text).orElse(null)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            折り返しは090-1234-5678にお願いします         | 09012345678
            番号は０９０－１２３４－５６７８です          | 09012345678
            〇九〇の一二三四の五六七八です                | 09012345678
            03(1234)5678までお願いします                  | 0312345678
            +81 90 1234 5678                             | 09012345678
            電話は0120-123-456です                        | 0120123456
            050 1234 5678                                | 05012345678
            zero three, one two three four, five six seven eight | 0312345678
            予約番号は12345です                           |
            12月10日の15時30分に1000円の件で              |
            090-1234-567 と言いかけて                     |
            郵便番号は123-4567です                        |
            """)
    void callbackNumbersAreJapaneseNumbersOnly(String text, String expected) {
        assertThat(CallbackNumbers.find(text).orElse(null)).isEqualTo(expected);
    }

    @Test
    void theNumberAfterACallbackPhraseWinsOverAnEarlierOne() {
        assertThat(CallbackNumbers.find("会社は03-1111-2222ですが、折り返しは携帯の080-3333-4444へ")).contains("08033334444");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            明日の午後3時にお願いします      | 2026-12-08 | 15:00 |
            あさっての10時                   | 2026-12-09 | 10:00 |
            明後日の午前中                   | 2026-12-09 |       | MORNING
            来週火曜の夕方                   | 2026-12-15 |       | EVENING
            今週金曜日は空いていますか       | 2026-12-11 |       |
            再来週の月曜                     | 2026-12-21 |       |
            12月10日の15時半                 | 2026-12-10 | 15:30 |
            十二月二十日に                   | 2026-12-20 |       |
            10日に伺います                   | 2026-12-10 |       |
            5日でお願いします                | 2027-01-05 |       |
            1月10日でお願いします            | 2027-01-10 |       |
            3時15分ごろ                      |            | 15:15 |
            午後12時に                       |            | 12:00 |
            午前12時に                       |            | 00:00 |
            午前9時                          |            | 09:00 |
            24時までに                       | 2026-12-08 | 00:00 |
            tomorrow at 3 pm                 | 2026-12-08 | 15:00 |
            next Tuesday at 3:30             | 2026-12-08 | 15:30 |
            December 24 in the morning       | 2026-12-24 |       | MORNING
            the day after tomorrow at noon   | 2026-12-09 | 12:00 |
            on the 3rd at 10 am              | 2027-01-03 | 10:00 |
            来週の火曜日の午前10時に         | 2026-12-15 | 10:00 |
            夜8時以降                        |            | 20:00 |
            2027年1月5日                     | 2027-01-05 |       |
            12/24の9時半                     | 2026-12-24 | 09:30 |
            """)
    void requestedTimesResolvedAgainstTheCallDay(String text, LocalDate date, LocalTime time, PartOfDay part) {
        assertThat(RequestedTimes.find(text, TODAY)).contains(new RequestedTime(date, time, part));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            12月1日に伺った件です
            2時間ほどかかりました
            25時に
            3日前に電話しました
            今週月曜の件ですが
            よろしくお願いします
            2月30日
            """)
    void pastDaysDurationsAndImpossibleTimesAreNoRequest(String text) {
        // 今週月曜 is today (Monday): allowed; so use a Tuesday call day for that one
        assertThat(RequestedTimes.find(text, TODAY.plusDays(1))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            至急お願いします                 | HIGH
            今日中に連絡ください             | HIGH
            this is urgent                   | HIGH
            please call as soon as possible  | HIGH
            it's an emergency                | HIGH
            急ぎではありませんので           | NORMAL
            not urgent, whenever suits       | NORMAL
            予約の確認です                   | NORMAL
            すぐに折り返してください         | HIGH
            すぐ近くに住んでいます           | NORMAL
            """)
    void urgency(String text, Urgency expected) {
        assertThat(PurposeRules.urgency(text)).isEqualTo(expected);
    }
}
