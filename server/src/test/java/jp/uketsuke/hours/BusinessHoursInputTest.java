package jp.uketsuke.hours;

import static java.time.DayOfWeek.MONDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Hours as tenants type them and as they come back out of a stored call flow: bad input is refused by name. */
class BusinessHoursInputTest {

    private final JsonMapper json = JsonMapper.builder().build();

    private static List<OpenInterval> hours(String... intervals) {
        return Arrays.stream(intervals).map(OpenInterval::parse).toList();
    }

    private static BusinessHours week(Map<DayOfWeek, List<OpenInterval>> weekly) {
        return new BusinessHours(null, weekly, null, null, null);
    }

    @Test
    void anIntervalThatEndsBeforeItStartsIsRefusedWithTheHint() {
        assertThatThrownBy(() -> new OpenInterval(LocalTime.of(18, 0), LocalTime.of(9, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must end after it starts: 18:00-09:00").hasMessageContaining("24:00");
        assertThatThrownBy(() -> OpenInterval.parse("09:00-09:00"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("09:00-09:00");
    }

    @Test
    void midnightAtTheEndIsWritten24AndNot00() {
        assertThat(OpenInterval.parse("22:00-24:00").endsAtMidnight()).isTrue();
        assertThat(OpenInterval.parse("00:00-24:00").contains(LocalTime.MAX)).isTrue();
        assertThatThrownBy(() -> OpenInterval.parse("22:00-00:00"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("24:00, not 00:00");
        assertThatThrownBy(() -> OpenInterval.parse("24:00-24:00"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no such time");
    }

    @Test
    void intervalTextThatIsNotHHMMIsRefusedQuotingItShortened() {
        for (String bad : List.of("", "9:00-18:00", "09:00–18:00", "09:60-18:00", "25:00-26:00", "09:00-18:00 ",
                "09:00:00-18:00:00", "nine to six")) {
            assertThatThrownBy(() -> OpenInterval.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("open interval");
        }
        assertThatThrownBy(() -> OpenInterval.parse(null)).hasMessageContaining("'null'");
        assertThatThrownBy(() -> OpenInterval.parse("x".repeat(10_000)))
                .hasMessageContaining("x".repeat(40) + "…").message().hasSizeLessThan(200);
    }

    @Test
    void intervalsAreWholeMinutesAndNeverNull() {
        assertThatThrownBy(() -> new OpenInterval(LocalTime.of(9, 0, 30), LocalTime.of(18, 0)))
                .hasMessageContaining("whole minutes");
        assertThatThrownBy(() -> new OpenInterval(null, LocalTime.of(18, 0)))
                .hasMessageContaining("both an opening and a closing time");
    }

    @Test
    void overlappingIntervalsOnADayAreRefusedNamingTheDayAndBoth() {
        assertThatThrownBy(() -> week(Map.of(MONDAY, hours("09:00-12:00", "11:30-18:00"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MONDAY: open intervals 09:00-12:00 and 11:30-18:00 overlap");
        assertThatThrownBy(() -> week(Map.of(MONDAY, hours("20:00-24:00", "21:00-22:00"))))
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> week(Map.of(MONDAY, hours("09:00-18:00", "09:00-18:00"))))
                .hasMessageContaining("overlap");
        assertThat(week(Map.of(MONDAY, hours("13:00-18:00", "09:00-13:00"))).weekly().get(MONDAY))
                .containsExactlyElementsOf(hours("09:00-13:00", "13:00-18:00"));
    }

    @Test
    void moreThanTwentyIntervalsADayAreRefused() {
        List<OpenInterval> twenty = IntStream.range(0, 20)
                .mapToObj(h -> new OpenInterval(LocalTime.of(h, 0), LocalTime.of(h, 30))).toList();
        assertThat(week(Map.of(MONDAY, twenty)).weekly().get(MONDAY)).hasSize(20);
        List<OpenInterval> twentyOne = new ArrayList<>(twenty);
        twentyOne.add(OpenInterval.parse("21:00-22:00"));
        assertThatThrownBy(() -> week(Map.of(MONDAY, twentyOne)))
                .hasMessage("MONDAY: 21 open intervals, at most 20 are allowed");
        assertThatThrownBy(() -> new SpecialDay(LocalDate.of(2025, 6, 2), null, twentyOne))
                .hasMessageContaining("special day 2025-06-02: 21 open intervals");
    }

    @Test
    void missingOrNullPartsAreRefusedNamingThePart() {
        assertThatThrownBy(() -> week(null)).hasMessageContaining("weekly hours are missing");
        Map<DayOfWeek, List<OpenInterval>> nullDay = new HashMap<>();
        nullDay.put(MONDAY, null);
        assertThatThrownBy(() -> week(nullDay)).hasMessageContaining("MONDAY: the open intervals are missing");
        Map<DayOfWeek, List<OpenInterval>> nullKey = new HashMap<>();
        nullKey.put(null, hours("09:00-18:00"));
        assertThatThrownBy(() -> week(nullKey)).hasMessageContaining("null day of the week");
        assertThatThrownBy(() -> week(Map.of(MONDAY, Arrays.asList(OpenInterval.parse("09:00-10:00"), null))))
                .hasMessageContaining("MONDAY: an open interval is null");
        assertThatThrownBy(() -> new BusinessHours(null, Map.of(), null, Arrays.asList((ClosedPeriod) null), null))
                .hasMessageContaining("a closed period is null");
        assertThatThrownBy(() -> new BusinessHours(null, Map.of(), null, null, Arrays.asList((SpecialDay) null)))
                .hasMessageContaining("a special day is null");
        assertThatThrownBy(() -> new SpecialDay(null, "棚卸し", null)).hasMessageContaining("needs its date");
        assertThatThrownBy(() -> new ClosedPeriod("お盆", MonthDay.of(8, 13), null))
                .hasMessageContaining("closed period お盆 needs both its first and last day");
    }

    @Test
    void moreThanTwoHundredSpecialDaysOrTwoForOneDateAreRefused() {
        LocalDate start = LocalDate.of(2026, 1, 5);
        List<SpecialDay> days = IntStream.range(0, 201).mapToObj(i -> SpecialDay.closed(start.plusDays(i), null))
                .toList();
        assertThat(new BusinessHours(null, Map.of(), null, null, days.subList(0, 200)).specialDays()).hasSize(200);
        assertThatThrownBy(() -> new BusinessHours(null, Map.of(), null, null, days))
                .hasMessage("201 special days, at most 200 are allowed");
        assertThatThrownBy(() -> new BusinessHours(null, Map.of(), null, null,
                List.of(SpecialDay.closed(start, "棚卸し"), new SpecialDay(start, null, hours("10:00-12:00")))))
                .hasMessage("two special days for 2026-01-05");
    }

    @Test
    void moreThanFiftyClosedPeriodsAreRefused() {
        List<ClosedPeriod> periods = IntStream.range(0, 51)
                .mapToObj(i -> new ClosedPeriod(null, MonthDay.of(1, 1), MonthDay.of(1, 2))).toList();
        assertThatThrownBy(() -> new BusinessHours(null, Map.of(), null, periods, null))
                .hasMessage("51 closed periods, at most 50 are allowed");
    }

    @Test
    void aClosedPeriodsMonthDaysAreRealDaysWrittenMMdd() {
        assertThat(ClosedPeriod.of("年末年始", "12-29", "01-03"))
                .isEqualTo(new ClosedPeriod("年末年始", MonthDay.of(12, 29), MonthDay.of(1, 3)));
        assertThat(ClosedPeriod.of(null, "02-29", "02-29").contains(LocalDate.of(2028, 2, 29))).isTrue();
        assertThatThrownBy(() -> ClosedPeriod.of("お盆", "13-01", "08-16"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("closed period お盆 has 13-01, which is no day of the year");
        assertThatThrownBy(() -> ClosedPeriod.of(null, "04-31", "05-01")).hasMessageContaining("04-31");
        for (String bad : List.of("8-13", "08-13 ", "--08-13", "0813", "")) {
            assertThatThrownBy(() -> ClosedPeriod.of("お盆", bad, "08-16")).as(bad)
                    .hasMessageContaining("where a month-day (MM-dd, e.g. 12-29) belongs");
        }
    }

    @Test
    void namesAreShortSingleLinesAndBlankMeansNone() {
        assertThat(SpecialDay.closed(LocalDate.of(2026, 1, 5), "  ").name()).isNull();
        assertThat(new ClosedPeriod(" お盆 ", MonthDay.of(8, 13), MonthDay.of(8, 16)).name()).isEqualTo("お盆");
        assertThatThrownBy(() -> SpecialDay.closed(LocalDate.of(2026, 1, 5), "休".repeat(61)))
                .hasMessageContaining("longer than 60");
        assertThatThrownBy(() -> new ClosedPeriod("お盆\n<script>", MonthDay.of(8, 13), MonthDay.of(8, 16)))
                .hasMessageContaining("control characters");
    }

    @Test
    void theWholeScheduleSurvivesAJsonRoundTripInReadableForm() {
        BusinessHours hours = new BusinessHours(ZoneId.of("Asia/Tokyo"),
                Map.of(MONDAY, hours("09:00-12:00", "13:00-18:00"), DayOfWeek.FRIDAY, hours("18:00-24:00")), false,
                List.of(new ClosedPeriod("年末年始", MonthDay.of(12, 29), MonthDay.of(1, 3)),
                        new ClosedPeriod(null, MonthDay.of(8, 13), MonthDay.of(8, 16))),
                List.of(SpecialDay.closed(LocalDate.of(2026, 3, 2), "臨時休業"),
                        new SpecialDay(LocalDate.of(2026, 3, 7), null, hours("10:00-15:00"))));
        String text = json.writeValueAsString(hours);
        assertThat(text).contains("\"Asia/Tokyo\"", "\"09:00-12:00\"", "\"18:00-24:00\"", "\"12-29\"", "\"01-03\"",
                "\"2026-03-02\"");
        assertThat(json.readValue(text, BusinessHours.class)).isEqualTo(hours);
        assertThat(json.readValue(json.writeValueAsString(BusinessHours.standard()), BusinessHours.class))
                .isEqualTo(BusinessHours.standard());
    }

    @Test
    void aHandWrittenDocumentReadsWithDefaultsForWhatIsLeftOut() {
        BusinessHours hours = json.readValue("""
                {"weekly": {"MONDAY": ["09:00-18:00"], "SATURDAY": []},
                 "closedPeriods": [{"name": "お盆", "from": "08-13", "to": "08-16"}],
                 "specialDays": [{"date": "2026-03-02"}]}""", BusinessHours.class);
        assertThat(hours.zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(hours.closedOnNationalHolidays()).isTrue();
        assertThat(hours.weekly()).containsOnlyKeys(MONDAY);
        assertThat(hours.closedPeriods().getFirst().contains(LocalDate.of(2026, 8, 16))).isTrue();
        assertThat(hours.specialDays().getFirst().closedAllDay()).isTrue();
    }

    @Test
    void malformedJsonIsRefusedWithAnErrorThatSaysWhatWasWrong() {
        Map<String, String> refusals = Map.ofEntries(
                Map.entry("{\"weekly\": {\"MONDAY\": [\"09:00-18:00\"]", "end-of-input"),
                Map.entry("not json", "Unrecognized token"),
                Map.entry("{}", "weekly hours are missing"),
                Map.entry("{\"weekly\": {\"FUNDAY\": []}}", "FUNDAY"),
                Map.entry("{\"weekly\": {\"MONDAY\": [\"18:00-09:00\"]}}", "must end after it starts"),
                Map.entry("{\"weekly\": {\"MONDAY\": [\"09:00-12:00\", \"11:00-13:00\"]}}", "overlap"),
                Map.entry("{\"weekly\": {\"MONDAY\": [9]}}", "OpenInterval"),
                Map.entry("{\"weekly\": {\"MONDAY\": \"09:00-18:00\"}}", "List"),
                Map.entry("{\"weekly\": {}, \"zone\": \"Mars/Olympus\"}", "Mars/Olympus"),
                Map.entry("{\"weekly\": {}, \"closedPeriods\": [{\"name\": \"春休み\", \"from\": \"02-30\", \"to\": \"03-01\"}]}",
                        "closed period 春休み has 02-30, which is no day of the year"),
                Map.entry("{\"weekly\": {}, \"closedPeriods\": [{\"from\": \"12/29\", \"to\": \"01-03\"}]}",
                        "'12/29' where a month-day (MM-dd, e.g. 12-29) belongs"),
                Map.entry("{\"weekly\": {}, \"closedPeriods\": [{\"from\": \"12-29\"}]}", "first and last day"),
                Map.entry("{\"weekly\": {}, \"specialDays\": [{\"date\": \"2026-02-30\"}]}", "2026-02-30"),
                Map.entry("{\"weekly\": {}, \"specialDays\": [{\"name\": \"臨時休業\"}]}", "needs its date"),
                Map.entry("{\"weekly\": {}, \"closedOnNationalHolidays\": \"perhaps\"}", "perhaps"));
        String tooMany = IntStream.range(0, 5_000).mapToObj(i -> "{\"date\": \"2026-01-01\"}")
                .collect(Collectors.joining(",", "{\"weekly\": {}, \"specialDays\": [", "]}"));
        assertThatThrownBy(() -> json.readValue(tooMany, BusinessHours.class))
                .hasMessageContaining("5000 special days, at most 200 are allowed");
        refusals.forEach((document, says) -> assertThatThrownBy(() -> json.readValue(document, BusinessHours.class))
                .as(document).isInstanceOf(JacksonException.class).hasMessageContaining(says));
    }
}
