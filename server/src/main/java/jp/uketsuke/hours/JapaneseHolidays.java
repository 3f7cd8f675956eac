package jp.uketsuke.hours;

import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SUNDAY;

import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Japan's national days off, computed from the 国民の祝日に関する法律 as amended (and the special laws for imperial
 * ceremonies) rather than listed by hand, so no yearly data update is needed for a receptionist that says "本日は祝日".
 *
 * <p>Covers 1949 (the law's first full year) to 2099. 春分の日 and 秋分の日 are fixed each February for the following
 * year from the National Astronomical Observatory's ephemeris; here they come from the usual approximation formula,
 * published for 1900-2099 (it agrees with the published list for 1970-2050, see the test), so dates beyond the
 * announced year are a forecast, as in every calendar.
 *
 * <p>Besides the named 国民の祝日 this yields 振替休日 (a 祝日 on Sunday moves to the next non-祝日 day since 2007, to the
 * Monday from 12 April 1973) and 国民の休日 (a day between two 祝日, since 27 December 1985).
 */
public final class JapaneseHolidays {

    public static final int FIRST_YEAR = 1949;
    public static final int LAST_YEAR = 2099;

    static final String SUBSTITUTE = "振替休日";
    static final String IN_BETWEEN = "国民の休日";

    private static final LocalDate SUBSTITUTES_FROM = LocalDate.of(1973, 4, 12);
    private static final LocalDate NEXT_FREE_DAY_RULE_FROM = LocalDate.of(2007, 1, 1);
    private static final LocalDate IN_BETWEEN_FROM = LocalDate.of(1985, 12, 27);

    /** Days off by special law, each treated as a 祝日 for the in-between rule. */
    private static final Map<LocalDate, String> CEREMONIES = Map.of(
            LocalDate.of(1959, 4, 10), "結婚の儀",
            LocalDate.of(1989, 2, 24), "大喪の礼",
            LocalDate.of(1990, 11, 12), "即位礼正殿の儀",
            LocalDate.of(1993, 6, 9), "結婚の儀",
            LocalDate.of(2019, 5, 1), "即位の日",
            LocalDate.of(2019, 10, 22), "即位礼正殿の儀");

    // a year is computed once; at most 151 entries
    private static final Map<Integer, SortedMap<LocalDate, String>> YEARS = new ConcurrentHashMap<>();

    private JapaneseHolidays() {
    }

    /** Whether the date is a national day off: a 祝日, a 振替休日, a 国民の休日 or a ceremony day. */
    public static boolean isHoliday(LocalDate date) {
        return nameOf(date).isPresent();
    }

    /** The day off's Japanese name ("元日", "振替休日", "国民の休日" …), or empty on an ordinary day. */
    public static Optional<String> nameOf(LocalDate date) {
        if (date == null) {
            throw new IllegalArgumentException("date is null");
        }
        return Optional.ofNullable(ofYear(date.getYear()).get(date));
    }

    /** Every national day off of the year, in date order, with its name. */
    public static SortedMap<LocalDate, String> ofYear(int year) {
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw new IllegalArgumentException(
                    "Japanese holidays are known for " + FIRST_YEAR + "-" + LAST_YEAR + ", not for " + year);
        }
        return YEARS.computeIfAbsent(year, y -> Collections.unmodifiableSortedMap(compute(y)));
    }

    private static SortedMap<LocalDate, String> compute(int year) {
        TreeMap<LocalDate, String> named = namedHolidays(year);
        TreeMap<LocalDate, String> days = new TreeMap<>(named);
        named.keySet().stream()
                .filter(day -> day.getDayOfWeek() == SUNDAY && !day.isBefore(SUBSTITUTES_FROM))
                .forEach(sunday -> substituteFor(sunday, named).ifPresent(day -> days.putIfAbsent(day, SUBSTITUTE)));
        for (LocalDate day = LocalDate.of(year, 1, 2); day.getYear() == year; day = day.plusDays(1)) {
            boolean sandwiched = named.containsKey(day.minusDays(1)) && named.containsKey(day.plusDays(1));
            // until 2007 a Sunday between two 祝日 stayed an ordinary Sunday
            boolean sundayExcluded = day.isBefore(NEXT_FREE_DAY_RULE_FROM) && day.getDayOfWeek() == SUNDAY;
            if (sandwiched && !day.isBefore(IN_BETWEEN_FROM) && !sundayExcluded) {
                days.putIfAbsent(day, IN_BETWEEN);
            }
        }
        return days;
    }

    private static Optional<LocalDate> substituteFor(LocalDate sunday, Map<LocalDate, String> named) {
        LocalDate next = sunday.plusDays(1);
        if (sunday.isBefore(NEXT_FREE_DAY_RULE_FROM)) {
            return named.containsKey(next) ? Optional.empty() : Optional.of(next);
        }
        while (named.containsKey(next)) {
            next = next.plusDays(1);
        }
        return Optional.of(next);
    }

    /** The 国民の祝日 of the year as the law named them that year, with the ceremony days. */
    private static TreeMap<LocalDate, String> namedHolidays(int year) {
        TreeMap<LocalDate, String> days = new TreeMap<>();
        days.put(LocalDate.of(year, 1, 1), "元日");
        days.put(year < 2000 ? LocalDate.of(year, 1, 15) : monday(year, 1, 2), "成人の日");
        if (year >= 1967) {
            days.put(LocalDate.of(year, 2, 11), "建国記念の日");
        }
        if (year >= 2020) {
            days.put(LocalDate.of(year, 2, 23), "天皇誕生日");
        }
        days.put(LocalDate.of(year, 3, vernalEquinoxDay(year)), "春分の日");
        days.put(LocalDate.of(year, 4, 29), year <= 1988 ? "天皇誕生日" : year <= 2006 ? "みどりの日" : "昭和の日");
        days.put(LocalDate.of(year, 5, 3), "憲法記念日");
        if (year >= 2007) {
            days.put(LocalDate.of(year, 5, 4), "みどりの日");
        }
        days.put(LocalDate.of(year, 5, 5), "こどもの日");
        // the Tokyo Olympics moved 海の日, スポーツの日 and 山の日 in 2020 and again in 2021
        switch (year) {
            case 2020 -> {
                days.put(LocalDate.of(2020, 7, 23), "海の日");
                days.put(LocalDate.of(2020, 7, 24), "スポーツの日");
                days.put(LocalDate.of(2020, 8, 10), "山の日");
            }
            case 2021 -> {
                days.put(LocalDate.of(2021, 7, 22), "海の日");
                days.put(LocalDate.of(2021, 7, 23), "スポーツの日");
                days.put(LocalDate.of(2021, 8, 8), "山の日");
            }
            default -> {
                if (year >= 1996) {
                    days.put(year <= 2002 ? LocalDate.of(year, 7, 20) : monday(year, 7, 3), "海の日");
                }
                if (year >= 2016) {
                    days.put(LocalDate.of(year, 8, 11), "山の日");
                }
                if (year >= 1966) {
                    days.put(year <= 1999 ? LocalDate.of(year, 10, 10) : monday(year, 10, 2),
                            year <= 2019 ? "体育の日" : "スポーツの日");
                }
            }
        }
        if (year >= 1966) {
            days.put(year <= 2002 ? LocalDate.of(year, 9, 15) : monday(year, 9, 3), "敬老の日");
        }
        days.put(LocalDate.of(year, 9, autumnalEquinoxDay(year)), "秋分の日");
        days.put(LocalDate.of(year, 11, 3), "文化の日");
        days.put(LocalDate.of(year, 11, 23), "勤労感謝の日");
        if (year >= 1989 && year <= 2018) {
            days.put(LocalDate.of(year, 12, 23), "天皇誕生日");
        }
        CEREMONIES.forEach((day, name) -> {
            if (day.getYear() == year) {
                days.put(day, name);
            }
        });
        return days;
    }

    /** The n-th Monday of the month: the Happy Monday system of 2000 and 2003. */
    private static LocalDate monday(int year, int month, int n) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, MONDAY));
    }

    /** Day of March of the vernal equinox in Japan, by the approximation formula valid 1900-2099. */
    static int vernalEquinoxDay(int year) {
        return equinoxDay(year, year < 1980 ? 20.8357 : 20.8431);
    }

    /** Day of September of the autumnal equinox in Japan, by the approximation formula valid 1900-2099. */
    static int autumnalEquinoxDay(int year) {
        return equinoxDay(year, year < 1980 ? 23.2588 : 23.2488);
    }

    private static int equinoxDay(int year, double base) {
        // Java's integer division truncates towards zero, as the published formula's int() does
        int leapDays = year < 1980 ? (year - 1983) / 4 : (year - 1980) / 4;
        return (int) Math.floor(base + 0.242194 * (year - 1980) - leapDays);
    }
}
