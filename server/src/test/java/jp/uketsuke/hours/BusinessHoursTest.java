package jp.uketsuke.hours;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import jp.uketsuke.hours.OpeningStatus.Closed;
import jp.uketsuke.hours.OpeningStatus.ClosedDay;
import jp.uketsuke.hours.OpeningStatus.Holiday;
import jp.uketsuke.hours.OpeningStatus.Kind;
import jp.uketsuke.hours.OpeningStatus.Open;
import org.junit.jupiter.api.Test;

/** A tenant's hours asked at fixed moments, as the flow engine asks with its clock. */
class BusinessHoursTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    private final BusinessHours standard = BusinessHours.standard();

    /** The instant the engine's clock reads at a Tokyo wall-clock time. */
    private static Instant tokyo(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(TOKYO).toInstant();
    }

    private static List<OpenInterval> hours(String... intervals) {
        return Arrays.stream(intervals).map(OpenInterval::parse).toList();
    }

    @Test
    void aWeekdayIsOpenFromNineAndClosedFromSixOnTheMinute() {
        assertThat(standard.status(tokyo("2025-06-02T08:59:59"))).isEqualTo(new Closed());
        assertThat(standard.status(tokyo("2025-06-02T09:00"))).isEqualTo(new Open(OpenInterval.parse("09:00-18:00")));
        assertThat(standard.status(tokyo("2025-06-02T17:59:59.999"))).isInstanceOf(Open.class);
        assertThat(standard.status(tokyo("2025-06-02T18:00"))).isEqualTo(new Closed());
        assertThat(standard.status(tokyo("2025-06-07T10:00")).kind()).isEqualTo(Kind.CLOSED); // Saturday
    }

    @Test
    void at21OnAHolidayTheStatusNamesTheHolidayNotJustClosed() {
        assertThat(standard.status(tokyo("2025-11-03T21:00"))).isEqualTo(new Holiday("文化の日"));
    }

    @Test
    void at10OnTheSubstituteHoliday2025_02_24ItIsClosedAsAHoliday() {
        assertThat(standard.status(tokyo("2025-02-24T10:00"))).isEqualTo(new Holiday("振替休日"));
        assertThat(standard.status(tokyo("2025-02-25T10:00")).kind()).isEqualTo(Kind.OPEN);
    }

    @Test
    void theHolidayStartsAndEndsAtTokyoMidnight() {
        assertThat(standard.status(tokyo("2025-11-02T23:59:59.999"))).isEqualTo(new Closed());
        assertThat(standard.status(tokyo("2025-11-03T00:00"))).isEqualTo(new Holiday("文化の日"));
        assertThat(standard.status(tokyo("2025-11-03T23:59:59.999"))).isEqualTo(new Holiday("文化の日"));
        assertThat(standard.status(tokyo("2025-11-04T00:00"))).isEqualTo(new Closed());
    }

    @Test
    void theYearEndClosureRunsAcrossNewYearAndOutranksTheHolidayOn1January() {
        assertThat(standard.status(tokyo("2025-12-26T10:00")).kind()).isEqualTo(Kind.OPEN);
        assertThat(standard.status(tokyo("2025-12-29T10:00"))).isEqualTo(new ClosedDay("年末年始"));
        assertThat(standard.status(tokyo("2025-12-31T10:00"))).isEqualTo(new ClosedDay("年末年始"));
        assertThat(standard.status(tokyo("2026-01-01T10:00"))).isEqualTo(new ClosedDay("年末年始"));
        assertThat(standard.status(tokyo("2027-01-03T23:59"))).isEqualTo(new ClosedDay("年末年始"));
        assertThat(standard.status(tokyo("2027-01-04T10:00")).kind()).isEqualTo(Kind.OPEN);
    }

    @Test
    void aClosedPeriodWithinTheYearCoversItsFirstAndLastDayOnly() {
        BusinessHours obon = new BusinessHours(null, standard.weekly(), true,
                List.of(new ClosedPeriod("お盆", MonthDay.of(8, 13), MonthDay.of(8, 16))), null);
        assertThat(obon.status(tokyo("2025-08-12T10:00")).kind()).isEqualTo(Kind.OPEN);
        assertThat(obon.status(tokyo("2025-08-13T10:00"))).isEqualTo(new ClosedDay("お盆"));
        assertThat(obon.status(tokyo("2025-08-15T10:00"))).isEqualTo(new ClosedDay("お盆"));
        assertThat(obon.status(tokyo("2026-08-17T10:00")).kind()).isEqualTo(Kind.OPEN);
        assertThat(obon.status(tokyo("2025-12-30T10:00")).kind()).isEqualTo(Kind.OPEN);
    }

    @Test
    void aTenantThatWorksOnHolidaysFollowsItsWeeklyHoursOnThem() {
        BusinessHours open = new BusinessHours(TOKYO, standard.weekly(), false, List.of(), List.of());
        assertThat(open.status(tokyo("2025-11-03T10:00")).kind()).isEqualTo(Kind.OPEN);
        assertThat(open.status(tokyo("2025-11-03T21:00")).kind()).isEqualTo(Kind.CLOSED);
    }

    @Test
    void aSpecialDayWinsOverClosedPeriodsHolidaysAndTheWeek() {
        BusinessHours hours = new BusinessHours(TOKYO, standard.weekly(), true, standard.closedPeriods(), List.of(
                new SpecialDay(LocalDate.of(2025, 12, 30), "年末特別営業", hours("10:00-15:00")),
                new SpecialDay(LocalDate.of(2025, 11, 3), null, hours("13:00-16:00")),
                new SpecialDay(LocalDate.of(2025, 6, 7), "土曜営業", hours("09:00-12:00")),
                SpecialDay.closed(LocalDate.of(2025, 6, 4), "棚卸し")));
        assertThat(hours.status(tokyo("2025-12-30T11:00"))).isEqualTo(new Open(OpenInterval.parse("10:00-15:00")));
        assertThat(hours.status(tokyo("2025-12-30T16:00"))).isEqualTo(new Closed());
        assertThat(hours.status(tokyo("2025-11-03T14:00")).kind()).isEqualTo(Kind.OPEN);
        assertThat(hours.status(tokyo("2025-11-03T10:00")).kind()).isEqualTo(Kind.CLOSED);
        assertThat(hours.status(tokyo("2025-06-07T09:30")).kind()).isEqualTo(Kind.OPEN);
        assertThat(hours.status(tokyo("2025-06-04T10:00"))).isEqualTo(new ClosedDay("棚卸し"));
        assertThat(hours.status(tokyo("2025-06-05T10:00")).kind()).isEqualTo(Kind.OPEN);
    }

    @Test
    void anIntervalEndingAt24IsOpenUntilTheLastInstantOfTheDay() {
        BusinessHours late = new BusinessHours(TOKYO, Map.of(FRIDAY, hours("18:00-24:00"), SATURDAY,
                hours("00:00-02:00")), false, null, null);
        assertThat(late.status(tokyo("2025-06-06T23:59:59.999999999")).kind()).isEqualTo(Kind.OPEN);
        assertThat(late.status(tokyo("2025-06-07T00:00"))).isEqualTo(new Open(OpenInterval.parse("00:00-02:00")));
        assertThat(late.status(tokyo("2025-06-07T02:00"))).isEqualTo(new Closed());
        assertThat(late.nextOpening(tokyo("2025-06-06T23:30"))).contains(
                LocalDateTime.parse("2025-06-06T23:30").atZone(TOKYO));

        BusinessHours lateFridayOnly = new BusinessHours(TOKYO, Map.of(FRIDAY, hours("18:00-24:00")), false, null, null);
        assertThat(lateFridayOnly.status(tokyo("2025-06-07T00:00"))).isEqualTo(new Closed());
    }

    @Test
    void theTenantsZoneDecidesTheWallClockAndTokyoHasNoSummerTime() {
        Instant tenInTokyo = tokyo("2025-06-02T10:00");
        BusinessHours berlin = new BusinessHours(ZoneId.of("Europe/Berlin"), standard.weekly(), false, null, null);
        assertThat(standard.status(tenInTokyo).kind()).isEqualTo(Kind.OPEN);
        assertThat(berlin.status(tenInTokyo).kind()).isEqualTo(Kind.CLOSED); // 03:00 in Berlin

        // 09:00 in Tokyo is 00:00 UTC in winter and in summer; Berlin's 09:00 moves by an hour
        Instant winter = Instant.parse("2025-01-06T00:00:00Z");
        Instant summer = Instant.parse("2025-07-07T00:00:00Z");
        assertThat(standard.nextOpening(winter.minusSeconds(60))).map(ZonedDateTime::toInstant).contains(winter);
        assertThat(standard.nextOpening(summer.minusSeconds(60))).map(ZonedDateTime::toInstant).contains(summer);
        assertThat(berlin.nextOpening(winter).map(ZonedDateTime::toInstant))
                .contains(Instant.parse("2025-01-06T08:00:00Z"));
        assertThat(berlin.nextOpening(summer).map(ZonedDateTime::toInstant))
                .contains(Instant.parse("2025-07-07T07:00:00Z"));
    }

    @Test
    void nextOpeningAfterFridayEveningIsMondayAtNine() {
        assertThat(standard.nextOpening(tokyo("2025-06-06T19:00")))
                .contains(LocalDateTime.parse("2025-06-09T09:00").atZone(TOKYO));
    }

    @Test
    void nextOpeningSkipsAHolidayMondayAndTheYearEndClosure() {
        assertThat(standard.nextOpening(tokyo("2025-10-10T19:00")))
                .contains(LocalDateTime.parse("2025-10-14T09:00").atZone(TOKYO));
        assertThat(standard.nextOpening(tokyo("2025-12-26T18:30")))
                .contains(LocalDateTime.parse("2026-01-05T09:00").atZone(TOKYO));
    }

    @Test
    void nextOpeningDuringLunchIsTheAfternoonAndWhileOpenIsNow() {
        BusinessHours lunch = new BusinessHours(TOKYO, Map.of(MONDAY, hours("13:00-18:00", "09:00-12:00")), true,
                null, null);
        assertThat(lunch.weekly().get(MONDAY)).containsExactly(OpenInterval.parse("09:00-12:00"),
                OpenInterval.parse("13:00-18:00"));
        assertThat(lunch.status(tokyo("2025-06-02T12:30"))).isEqualTo(new Closed());
        assertThat(lunch.nextOpening(tokyo("2025-06-02T12:30")))
                .contains(LocalDateTime.parse("2025-06-02T13:00").atZone(TOKYO));
        assertThat(lunch.nextOpening(tokyo("2025-06-02T10:15")))
                .contains(LocalDateTime.parse("2025-06-02T10:15").atZone(TOKYO));
    }

    @Test
    void nextOpeningIsEmptyWhenNothingOpensWithinFourteenDays() {
        LocalDate today = LocalDate.of(2025, 6, 2);
        BusinessHours never = new BusinessHours(TOKYO, Map.of(), true, null, null);
        assertThat(never.nextOpening(tokyo("2025-06-02T10:00"))).isEmpty();

        BusinessHours inThirteenDays = new BusinessHours(TOKYO, Map.of(), true, null,
                List.of(new SpecialDay(today.plusDays(13), null, hours("10:00-11:00"))));
        assertThat(inThirteenDays.nextOpening(tokyo("2025-06-02T10:00")))
                .contains(today.plusDays(13).atTime(10, 0).atZone(TOKYO));

        BusinessHours justPast = new BusinessHours(TOKYO, Map.of(), true, null,
                List.of(new SpecialDay(today.plusDays(14), null, hours("10:01-11:00"))));
        assertThat(justPast.nextOpening(tokyo("2025-06-02T10:00"))).isEmpty();
        assertThat(justPast.nextOpening(tokyo("2025-06-02T10:01")))
                .contains(today.plusDays(14).atTime(10, 1).atZone(TOKYO));
    }

    @Test
    void aFlowCanBranchOnEveryKindOfStatus() {
        BusinessHours hours = new BusinessHours(TOKYO, standard.weekly(), true, standard.closedPeriods(),
                List.of(SpecialDay.closed(LocalDate.of(2025, 6, 4), null)));
        Map<String, Kind> expected = Map.of("2025-06-02T10:00", Kind.OPEN, "2025-06-02T20:00", Kind.CLOSED,
                "2025-05-05T10:00", Kind.HOLIDAY, "2025-06-04T10:00", Kind.CLOSED_DAY);
        expected.forEach((time, kind) -> {
            String said = switch (hours.status(tokyo(time))) {
                case Open open -> "open until " + open.interval().closes();
                case Closed closed -> "営業時間外";
                case Holiday holiday -> "本日は" + holiday.name();
                case ClosedDay day -> day.name() == null ? "休業日" : day.name();
            };
            assertThat(hours.status(tokyo(time)).kind()).as(time).isEqualTo(kind);
            assertThat(said).isNotBlank();
        });
        assertThat(hours.status(tokyo("2025-05-05T10:00"))).isEqualTo(new Holiday("こどもの日"));
    }

    @Test
    void theStandardScheduleIsWeekdaysNineToSixClosedOnHolidaysAndAtYearEnd() {
        assertThat(standard.zone()).isEqualTo(TOKYO);
        assertThat(standard.weekly().keySet()).containsExactly(DayOfWeek.MONDAY, DayOfWeek.TUESDAY,
                DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
        assertThat(standard.weekly().values()).allMatch(day -> day.equals(List.of(
                new OpenInterval(LocalTime.of(9, 0), LocalTime.of(18, 0)))));
        assertThat(standard.closedOnNationalHolidays()).isTrue();
        assertThat(standard.closedPeriods()).containsExactly(
                new ClosedPeriod("年末年始", MonthDay.of(12, 29), MonthDay.of(1, 3)));
        assertThat(standard.specialDays()).isEmpty();
    }

    @Test
    void leftOutSettingsTakeTheirDefaults() {
        BusinessHours hours = new BusinessHours(null, Map.of(MONDAY, List.of()), null, null, null);
        assertThat(hours.zone()).isEqualTo(TOKYO);
        assertThat(hours.closedOnNationalHolidays()).isTrue();
        assertThat(hours.weekly()).isEmpty();
        assertThat(hours.closedPeriods()).isEmpty();
        assertThat(hours.specialDays()).isEmpty();
    }
}
