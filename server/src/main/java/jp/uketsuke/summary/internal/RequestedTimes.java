package jp.uketsuke.summary.internal;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.uketsuke.summary.RequestedTime;
import jp.uketsuke.summary.RequestedTime.PartOfDay;

/**
 * The date and time a caller asked for, resolved against the day of the call in Japan time: 明日の午後3時, あさって,
 * 来週火曜, 今週金曜, 12月10日, 10日, 15時半, 3時15分, 午前中, 夕方; tomorrow, next Tuesday, December 10, at 3 pm, 3:30.
 *
 * <p>Rules where speech is ambiguous, as a receptionist would read it: a clock hour from 1 to 7 said without 午前/午後
 * or am/pm is in the afternoon (business hours); 午後12時 is noon and 午前12時 midnight; 24時 is midnight at the end of
 * the day; a date already past by at most a month (「12月1日に伺った」 on 7 December) is what happened, not a request,
 * and is left out, while an earlier date beyond that is next year's (「1月10日」 in December).
 */
final class RequestedTimes {

    private static final String WEEKDAYS_JA = "月火水木金土日";
    private static final Pattern RELATIVE_DAY = Pattern.compile(
            "(明後日|あさって|明日|あした|あす|今日|本日|day after tomorrow|tomorrow|today)", Pattern.CASE_INSENSITIVE);
    private static final Pattern WEEKDAY_JA = Pattern.compile("(再来週|来週|今週)?(?:の)?([月火水木金土日])曜");
    private static final Pattern WEEKDAY_EN = Pattern.compile(
            "\\b(next|this|on|coming)\\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern MONTH_DAY_JA = Pattern.compile("(?<!\\d)(\\d{1,2})月(\\d{1,2})日(?!前|後|間)");
    private static final Pattern DAY_JA = Pattern.compile("(?<![\\d月])(\\d{1,2})日(?!前|後|間|中)");
    private static final Pattern DAY_EN = Pattern.compile("\\bthe\\s+(\\d{1,2})(?:st|nd|rd|th)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern SLASH_DATE = Pattern.compile("(?<![\\d/:])(\\d{1,2})/(\\d{1,2})(?![\\d/:])");
    private static final String MONTHS_EN = "january|february|march|april|may|june|july|august|september|october|november|december";
    private static final Pattern MONTH_DAY_EN = Pattern.compile(
            "\\b(" + MONTHS_EN + ")\\s+(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\b|\\b(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?("
                    + MONTHS_EN + ")\\b", Pattern.CASE_INSENSITIVE);

    private static final Pattern CLOCK_JA = Pattern.compile(
            "(午前|午後|朝|夜|夕方)?\\s*(\\d{1,2})時(?!間)(?:\\s*(半)|\\s*(\\d{1,2})分)?");
    private static final Pattern CLOCK_COLON = Pattern.compile("(?<![\\d:])(\\d{1,2}):(\\d{2})(?![\\d:])\\s*(a\\.?m\\.?|p\\.?m\\.?)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CLOCK_EN = Pattern.compile(
            "\\b(?:at\\s+)?(\\d{1,2})(?:\\s*o'clock)?\\s*(a\\.?m\\.?|p\\.?m\\.?)|\\bat\\s+(\\d{1,2})(?:\\s*o'clock)?\\b(?![:\\d])",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NOON_EN = Pattern.compile("\\b(noon|midday)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern PART_JA = Pattern.compile("(午前中|午前|午後|夕方|朝|夜)");
    private static final Pattern PART_EN = Pattern.compile("\\bin the (morning|afternoon|evening)\\b", Pattern.CASE_INSENSITIVE);

    private RequestedTimes() {
    }

    /** Empty when the caller named neither a day nor a time. */
    static Optional<RequestedTime> find(String text, LocalDate callDay) {
        String s = SpokenNumbers.withDigits(text);
        LocalDate date = date(s, callDay);
        Clock clock = clock(s);
        PartOfDay part = clock == null ? part(s) : null;
        LocalTime time = null;
        if (clock != null) {
            time = clock.time();
            if (clock.nextDay()) {
                date = (date == null ? callDay : date).plusDays(1);
            }
        }
        if (date == null && time == null && part == null) {
            return Optional.empty();
        }
        return Optional.of(new RequestedTime(date, time, part));
    }

    /** The first day named that is a request (not a day already past). */
    private static LocalDate date(String s, LocalDate today) {
        Found best = null;
        Matcher m = RELATIVE_DAY.matcher(s);
        if (m.find()) {
            String word = m.group(1).toLowerCase(Locale.ROOT);
            int days = switch (word) {
                case "明後日", "あさって", "day after tomorrow" -> 2;
                case "明日", "あした", "あす", "tomorrow" -> 1;
                default -> 0;
            };
            best = Found.earlier(best, m.start(), today.plusDays(days));
        }
        m = WEEKDAY_JA.matcher(s);
        if (m.find()) {
            DayOfWeek day = DayOfWeek.of(WEEKDAYS_JA.indexOf(m.group(2).charAt(0)) + 1);
            best = Found.earlier(best, m.start(), weekday(today, day, m.group(1) == null ? "" : m.group(1)));
        }
        m = WEEKDAY_EN.matcher(s);
        if (m.find()) {
            DayOfWeek day = DayOfWeek.valueOf(m.group(2).toUpperCase(Locale.ROOT));
            best = Found.earlier(best, m.start(), weekday(today, day, m.group(1).equalsIgnoreCase("this") ? "今週" : ""));
        }
        m = MONTH_DAY_JA.matcher(s);
        if (m.find()) {
            best = Found.earlier(best, m.start(), monthDay(today, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
        }
        m = MONTH_DAY_EN.matcher(s);
        if (m.find()) {
            String month = m.group(1) != null ? m.group(1) : m.group(4);
            String day = m.group(2) != null ? m.group(2) : m.group(3);
            best = Found.earlier(best, m.start(), monthDay(today, java.time.Month.valueOf(month.toUpperCase(Locale.ROOT))
                    .getValue(), Integer.parseInt(day)));
        }
        m = SLASH_DATE.matcher(s);
        if (m.find()) {
            best = Found.earlier(best, m.start(), monthDay(today, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
        }
        for (Pattern day : new Pattern[] {DAY_JA, DAY_EN}) {
            m = day.matcher(s);
            while (best == null && m.find()) {
                best = Found.earlier(null, m.start(), dayOfMonth(today, Integer.parseInt(m.group(1))));
            }
        }
        return best == null ? null : best.date();
    }

    /** 来週: the week after this one (weeks start on Monday); 今週: this week's, unless already past; else the next one. */
    private static LocalDate weekday(LocalDate today, DayOfWeek day, String week) {
        LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        return switch (week) {
            case "来週" -> monday.plusWeeks(1).with(TemporalAdjusters.nextOrSame(day));
            case "再来週" -> monday.plusWeeks(2).with(TemporalAdjusters.nextOrSame(day));
            case "今週" -> {
                LocalDate date = monday.with(TemporalAdjusters.nextOrSame(day));
                yield date.isBefore(today) ? null : date;
            }
            default -> today.with(TemporalAdjusters.next(day));
        };
    }

    private static LocalDate monthDay(LocalDate today, int month, int day) {
        LocalDate date;
        try {
            date = LocalDate.of(today.getYear(), month, day);
        } catch (DateTimeException notADate) {
            return null;
        }
        if (!date.isBefore(today)) {
            return date;
        }
        if (!date.isBefore(today.minusMonths(1))) {
            return null; // just past: something that happened, not a request
        }
        try {
            return LocalDate.of(today.getYear() + 1, month, day);
        } catch (DateTimeException notADate) {
            return null;
        }
    }

    /** 「10日」: this month's, or next month's once this month's has passed. */
    private static LocalDate dayOfMonth(LocalDate today, int day) {
        for (int ahead = 0; ahead < 2; ahead++) {
            LocalDate month = today.plusMonths(ahead);
            if (day >= 1 && day <= month.lengthOfMonth()) {
                LocalDate date = month.withDayOfMonth(day);
                if (!date.isBefore(today)) {
                    return date;
                }
            }
        }
        return null;
    }

    private record Found(int position, LocalDate date) {
        static Found earlier(Found best, int position, LocalDate date) {
            if (date == null || best != null && best.position() <= position) {
                return best;
            }
            return new Found(position, date);
        }
    }

    private record Clock(LocalTime time, boolean nextDay) {
    }

    private static Clock clock(String s) {
        Matcher m = CLOCK_JA.matcher(s);
        if (m.find()) {
            int minute = m.group(3) != null ? 30 : m.group(4) != null ? Integer.parseInt(m.group(4)) : 0;
            String part = m.group(1) == null ? "" : m.group(1);
            boolean morning = part.equals("午前") || part.equals("朝");
            boolean afternoon = part.equals("午後") || part.equals("夜") || part.equals("夕方");
            Clock c = clock(Integer.parseInt(m.group(2)), minute, morning, afternoon);
            if (c != null) {
                return c;
            }
        }
        m = CLOCK_COLON.matcher(s);
        if (m.find()) {
            String ampm = m.group(3) == null ? "" : m.group(3).toLowerCase(Locale.ROOT);
            Clock c = clock(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), ampm.startsWith("a"),
                    ampm.startsWith("p"));
            if (c != null) {
                return c;
            }
        }
        m = CLOCK_EN.matcher(s);
        if (m.find()) {
            String hour = m.group(1) != null ? m.group(1) : m.group(3);
            String ampm = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
            Clock c = clock(Integer.parseInt(hour), 0, ampm.startsWith("a"), ampm.startsWith("p"));
            if (c != null) {
                return c;
            }
        }
        return NOON_EN.matcher(s).find() ? new Clock(LocalTime.NOON, false) : null;
    }

    /** Null when it is no time of day (25時, 3時75分). */
    private static Clock clock(int hour, int minute, boolean morning, boolean afternoon) {
        if (minute > 59 || hour > 24 || hour == 24 && (minute > 0 || morning || afternoon)) {
            return null;
        }
        if (hour == 24) {
            return new Clock(LocalTime.MIDNIGHT, true);
        }
        if (morning) {
            if (hour > 12) {
                return null;
            }
            return new Clock(LocalTime.of(hour == 12 ? 0 : hour, minute), false);
        }
        if (afternoon || hour >= 1 && hour <= 7) {
            return new Clock(LocalTime.of(hour < 12 ? hour + 12 : hour, minute), false);
        }
        return new Clock(LocalTime.of(hour, minute), false);
    }

    private static PartOfDay part(String s) {
        Matcher m = PART_JA.matcher(s);
        if (m.find()) {
            return switch (m.group(1)) {
                case "午前中", "午前", "朝" -> PartOfDay.MORNING;
                case "午後" -> PartOfDay.AFTERNOON;
                default -> PartOfDay.EVENING;
            };
        }
        m = PART_EN.matcher(s);
        if (m.find()) {
            return PartOfDay.valueOf(switch (m.group(1).toLowerCase(Locale.ROOT)) {
                case "morning" -> "MORNING";
                case "afternoon" -> "AFTERNOON";
                default -> "EVENING";
            });
        }
        return null;
    }
}
