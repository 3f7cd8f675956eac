package jp.uketsuke.hours;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The computed holidays against the published list (@holiday-jp/holiday_jp 2.5.1, 1970-2050, in
 * {@code hours/holidays-1970-2050.tsv}), and the law's older rules by hand where that list does not reach.
 */
class JapaneseHolidaysTest {

    private static final Map<Integer, SortedMap<LocalDate, String>> REFERENCE = new TreeMap<>();

    @BeforeAll
    static void readReference() throws IOException {
        try (InputStream in = JapaneseHolidaysTest.class.getResourceAsStream("/hours/holidays-1970-2050.tsv")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            text.lines().filter(line -> !line.startsWith("#") && !line.isBlank()).forEach(line -> {
                String[] fields = line.split("\t");
                LocalDate date = LocalDate.parse(fields[0]);
                REFERENCE.computeIfAbsent(date.getYear(), y -> new TreeMap<>()).put(date, ourName(date, fields[1]));
            });
        }
    }

    /**
     * The reference calls a substitute day "元日 振替休日", an in-between day "休日" and the 2019 enthronement days
     * "休日（祝日扱い）"; we say 振替休日, 国民の休日 and the day's name from its special law.
     */
    private static String ourName(LocalDate date, String reference) {
        if (reference.endsWith(" 振替休日")) {
            return "振替休日";
        }
        return switch (reference) {
            case "休日" -> "国民の休日";
            case "休日（祝日扱い）" -> date.getMonthValue() == 5 ? "即位の日" : "即位礼正殿の儀";
            case "体育の日（スポーツの日）" -> "体育の日"; // the rename took effect in 2020
            default -> reference;
        };
    }

    static IntStream referenceYears() {
        return IntStream.rangeClosed(1970, 2050);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceYears")
    void everyDateAndNameOfTheYearMatchesThePublishedListWithNoneMissingAndNoneExtra(int year) {
        assertThat(REFERENCE.get(year)).as("reference data for %d", year).isNotEmpty();
        assertThat(JapaneseHolidays.ofYear(year)).containsExactlyEntriesOf(REFERENCE.get(year));
    }

    @Test
    void theReferenceCoversTheYearsThisProjectMustGetRight() {
        assertThat(REFERENCE.keySet()).contains(2024, 2025, 2026, 2027, 2028, 2029, 2030);
        assertThat(REFERENCE.get(2025)).hasSize(19);
    }

    @Test
    void aSundayHolidayMovesToTheNextDayThatIsNotAHolidaySince2007() {
        // 2020: 憲法記念日 on Sunday, 5/4 and 5/5 are holidays themselves, so Wednesday 5/6 is off
        assertThat(JapaneseHolidays.nameOf(LocalDate.of(2020, 5, 6))).contains("振替休日");
        assertThat(JapaneseHolidays.nameOf(LocalDate.of(2025, 2, 24))).contains("振替休日");
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(2025, 2, 25))).isFalse();
    }

    @Test
    void substituteDaysBeganWithTheAmendmentOf12April1973() {
        assertThat(LocalDate.of(1973, 2, 11).getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(1973, 2, 12))).isFalse();
        assertThat(JapaneseHolidays.nameOf(LocalDate.of(1973, 4, 30))).contains("振替休日");
    }

    @Test
    void theLawsFirstYearsHadNineHolidaysAndGainedTheirLaterOnesInTheYearsEnacted() {
        assertThat(JapaneseHolidays.ofYear(1949)).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                LocalDate.of(1949, 1, 1), "元日", LocalDate.of(1949, 1, 15), "成人の日",
                LocalDate.of(1949, 3, 21), "春分の日", LocalDate.of(1949, 4, 29), "天皇誕生日",
                LocalDate.of(1949, 5, 3), "憲法記念日", LocalDate.of(1949, 5, 5), "こどもの日",
                LocalDate.of(1949, 9, 23), "秋分の日", LocalDate.of(1949, 11, 3), "文化の日",
                LocalDate.of(1949, 11, 23), "勤労感謝の日")));
        assertThat(JapaneseHolidays.nameOf(LocalDate.of(1959, 4, 10))).contains("結婚の儀");
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(1965, 9, 15))).isFalse();
        assertThat(JapaneseHolidays.nameOf(LocalDate.of(1966, 9, 15))).contains("敬老の日");
        assertThat(JapaneseHolidays.nameOf(LocalDate.of(1966, 10, 10))).contains("体育の日");
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(1966, 2, 11))).isFalse();
        assertThat(JapaneseHolidays.nameOf(LocalDate.of(1967, 2, 11))).contains("建国記念の日");
    }

    @Test
    void theEmperorsBirthdayFollowsTheReignAndThereWasNoneIn2019() {
        assertThat(JapaneseHolidays.nameOf(LocalDate.of(1988, 4, 29))).contains("天皇誕生日");
        assertThat(JapaneseHolidays.nameOf(LocalDate.of(2018, 12, 23))).contains("天皇誕生日");
        assertThat(JapaneseHolidays.ofYear(2019)).doesNotContainValue("天皇誕生日");
        assertThat(JapaneseHolidays.nameOf(LocalDate.of(2020, 2, 23))).contains("天皇誕生日");
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(2020, 12, 23))).isFalse();
    }

    @Test
    void everyYearInRangeHasItsEquinoxDaysOnPlausibleDatesAndAtLeastTheFixedHolidays() {
        for (int year = JapaneseHolidays.FIRST_YEAR; year <= JapaneseHolidays.LAST_YEAR; year++) {
            assertThat(JapaneseHolidays.vernalEquinoxDay(year)).as("春分 %d", year).isBetween(19, 22);
            assertThat(JapaneseHolidays.autumnalEquinoxDay(year)).as("秋分 %d", year).isBetween(22, 24);
            SortedMap<LocalDate, String> days = JapaneseHolidays.ofYear(year);
            assertThat(days).as("%d", year).containsValues("元日", "春分の日", "憲法記念日", "こどもの日", "秋分の日",
                    "文化の日", "勤労感謝の日");
            int sameYear = year;
            assertThat(days.keySet()).allMatch(day -> day.getYear() == sameYear);
        }
        assertThat(JapaneseHolidays.ofYear(2099)).containsEntry(LocalDate.of(2099, 9, 22), "国民の休日");
    }

    @Test
    void yearsOutsideTheLawsKnownRangeAreRefusedWithTheRangeNamed() {
        assertThatThrownBy(() -> JapaneseHolidays.ofYear(1948))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1949-2099").hasMessageContaining("1948");
        assertThatThrownBy(() -> JapaneseHolidays.isHoliday(LocalDate.of(2100, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2100");
        assertThatThrownBy(() -> JapaneseHolidays.nameOf(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
    }

    @Test
    void aYearsListCannotBeAlteredByItsReader() {
        SortedMap<LocalDate, String> year = JapaneseHolidays.ofYear(2025);
        assertThatThrownBy(() -> year.put(LocalDate.of(2025, 6, 1), "偽の祝日"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(2025, 6, 1))).isFalse();
    }
}
