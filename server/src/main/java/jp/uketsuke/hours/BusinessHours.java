package jp.uketsuke.hours;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * When a tenant answers the phone (F5): so a call flow can route by 営業時間 and tell a caller when to call back. Part of
 * the tenant's call-flow document, hence a plain record that reads and writes as JSON.
 *
 * <p>What decides a date, first match wins: a {@link SpecialDay} for that date; a {@link ClosedPeriod}; a national
 * holiday (when {@code closedOnNationalHolidays}); otherwise the weekly intervals for its day of the week. Dates and
 * times are read in {@code zone}. Holidays are known for 1949-2099; asking about a date outside that throws.
 *
 * @param zone                     the tenant's time zone; Asia/Tokyo when left out
 * @param weekly                   open intervals per day of the week; a day not listed is closed
 * @param closedOnNationalHolidays closed on {@link JapaneseHolidays}; true when left out
 * @param closedPeriods            closures that recur every year
 * @param specialDays              one-off dates closed or with other hours, at most {@link #MAX_SPECIAL_DAYS}
 */
public record BusinessHours(ZoneId zone, Map<DayOfWeek, List<OpenInterval>> weekly, Boolean closedOnNationalHolidays,
                            List<ClosedPeriod> closedPeriods, List<SpecialDay> specialDays) {

    public static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    public static final int MAX_SPECIAL_DAYS = 200;
    public static final int MAX_CLOSED_PERIODS = 50;
    /** How far {@link #nextOpening} looks: a caller is not told of an opening weeks away. */
    public static final Duration OPENING_HORIZON = Duration.ofDays(14);

    public BusinessHours {
        zone = zone == null ? TOKYO : zone;
        weekly = checkedWeek(weekly);
        closedOnNationalHolidays = closedOnNationalHolidays == null || closedOnNationalHolidays;
        closedPeriods = checkedList(closedPeriods, MAX_CLOSED_PERIODS, "closed period");
        specialDays = checkedList(specialDays, MAX_SPECIAL_DAYS, "special day");
        List<SpecialDay> byDate = new ArrayList<>(specialDays);
        byDate.sort(Comparator.comparing(SpecialDay::date));
        for (int i = 1; i < byDate.size(); i++) {
            if (byDate.get(i).date().equals(byDate.get(i - 1).date())) {
                throw new IllegalArgumentException("two special days for " + byDate.get(i).date());
            }
        }
        specialDays = List.copyOf(byDate);
    }

    /** Monday to Friday 09:00-18:00 in Tokyo, closed on national holidays and 12-29 to 01-03. */
    public static BusinessHours standard() {
        List<OpenInterval> nineToSix = List.of(new OpenInterval(LocalTime.of(9, 0), LocalTime.of(18, 0)));
        Map<DayOfWeek, List<OpenInterval>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY)) {
            week.put(day, nineToSix);
        }
        return new BusinessHours(TOKYO, week, true,
                List.of(new ClosedPeriod("年末年始", MonthDay.of(12, 29), MonthDay.of(1, 3))), List.of());
    }

    /** Whether the tenant is open at that moment, and if not, why. */
    public OpeningStatus status(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        Day day = dayOn(local.toLocalDate());
        if (day.closedAllDay() != null) {
            return day.closedAllDay();
        }
        LocalTime time = local.toLocalTime();
        return day.hours().stream()
                .filter(interval -> interval.contains(time))
                .<OpeningStatus>map(OpeningStatus.Open::new)
                .findFirst()
                .orElse(new OpeningStatus.Closed());
    }

    /**
     * The next moment the tenant is open, in its zone: {@code at} itself while open, else the start of the next open
     * interval; empty when there is none within {@link #OPENING_HORIZON}.
     */
    public Optional<ZonedDateTime> nextOpening(Instant at) {
        Instant horizon = at.plus(OPENING_HORIZON);
        LocalDate today = at.atZone(zone).toLocalDate();
        for (LocalDate date = today; !date.isAfter(today.plusDays(OPENING_HORIZON.toDays())); date = date.plusDays(1)) {
            for (OpenInterval interval : dayOn(date).hours()) {
                ZonedDateTime opens = date.atTime(interval.opens()).atZone(zone);
                ZonedDateTime closes = interval.endsAtMidnight()
                        ? date.plusDays(1).atStartOfDay(zone)
                        : date.atTime(interval.closes()).atZone(zone);
                if (closes.toInstant().isAfter(at)) {
                    ZonedDateTime next = opens.toInstant().isAfter(at) ? opens : at.atZone(zone);
                    return next.toInstant().isAfter(horizon) ? Optional.empty() : Optional.of(next);
                }
            }
        }
        return Optional.empty();
    }

    /** What governs one date: the reason it is closed all day, or else its open intervals. */
    private record Day(OpeningStatus closedAllDay, List<OpenInterval> hours) {
    }

    private Day dayOn(LocalDate date) {
        for (SpecialDay special : specialDays) {
            if (special.date().equals(date)) {
                return special.closedAllDay()
                        ? new Day(new OpeningStatus.ClosedDay(special.name()), List.of())
                        : new Day(null, special.hours());
            }
        }
        for (ClosedPeriod period : closedPeriods) {
            if (period.contains(date)) {
                return new Day(new OpeningStatus.ClosedDay(period.name()), List.of());
            }
        }
        if (closedOnNationalHolidays) {
            Optional<String> holiday = JapaneseHolidays.nameOf(date);
            if (holiday.isPresent()) {
                return new Day(new OpeningStatus.Holiday(holiday.get()), List.of());
            }
        }
        return new Day(null, weekly.getOrDefault(date.getDayOfWeek(), List.of()));
    }

    private static Map<DayOfWeek, List<OpenInterval>> checkedWeek(Map<DayOfWeek, List<OpenInterval>> weekly) {
        if (weekly == null) {
            throw new IllegalArgumentException(
                    "the weekly hours are missing (list the open days; a day left out is closed)");
        }
        Map<DayOfWeek, List<OpenInterval>> week = new EnumMap<>(DayOfWeek.class);
        weekly.forEach((day, intervals) -> {
            if (day == null) {
                throw new IllegalArgumentException("the weekly hours name a null day of the week");
            }
            List<OpenInterval> checked = OpenInterval.dayOf(intervals, day.toString());
            if (!checked.isEmpty()) { // an empty day and a missing day both mean closed; keep one form
                week.put(day, checked);
            }
        });
        return Collections.unmodifiableMap(week);
    }

    private static <T> List<T> checkedList(List<T> items, int max, String what) {
        if (items == null) {
            return List.of();
        }
        if (items.size() > max) {
            throw new IllegalArgumentException(items.size() + " " + what + "s, at most " + max + " are allowed");
        }
        if (items.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("a " + what + " is null");
        }
        return List.copyOf(items);
    }
}
