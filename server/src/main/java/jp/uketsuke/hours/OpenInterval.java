package jp.uketsuke.hours;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stretch of one day when the tenant answers, in whole minutes, such as 09:00-12:00. Written as that string in a
 * call flow's JSON, so a tenant's hours read as they would on a shop door.
 *
 * <p>An interval stays within its day: {@code closes} of 00:00 means 24:00, the end of the day. Hours past midnight are
 * two intervals, 22:00-24:00 on one day and 00:00-02:00 on the next.
 *
 * @param opens  the first minute open
 * @param closes the first minute closed again; {@link LocalTime#MIDNIGHT} for 24:00
 */
public record OpenInterval(LocalTime opens, LocalTime closes) {

    /** More than this many intervals in one day is a mistake, not a schedule. */
    public static final int MAX_PER_DAY = 20;

    private static final Pattern TEXT = Pattern.compile("(\\d{2}):(\\d{2})-(\\d{2}):(\\d{2})");

    public OpenInterval {
        if (opens == null || closes == null) {
            throw new IllegalArgumentException("an open interval needs both an opening and a closing time");
        }
        if (!wholeMinute(opens) || !wholeMinute(closes)) {
            throw new IllegalArgumentException("open intervals are in whole minutes: " + opens + "-" + closes);
        }
        if (!closes.equals(LocalTime.MIDNIGHT) && !closes.isAfter(opens)) {
            throw new IllegalArgumentException("an open interval must end after it starts: " + text(opens, closes)
                    + (closes.equals(opens) ? "" : " (an interval cannot pass midnight; split it at 24:00)"));
        }
    }

    /** Reads "09:00-18:00"; the end may be "24:00". */
    @JsonCreator
    public static OpenInterval parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("an open interval is written HH:MM-HH:MM, e.g. 09:00-18:00, not '"
                    + abbreviated(text) + "'");
        }
        LocalTime opens = time(m.group(1), m.group(2), text);
        if (m.group(3).equals("24") && m.group(4).equals("00")) {
            return new OpenInterval(opens, LocalTime.MIDNIGHT);
        }
        LocalTime closes = time(m.group(3), m.group(4), text);
        if (closes.equals(LocalTime.MIDNIGHT)) {
            throw new IllegalArgumentException("an open interval closing at midnight ends at 24:00, not 00:00: " + text);
        }
        return new OpenInterval(opens, closes);
    }

    /** Whether the time of day falls within this interval. */
    public boolean contains(LocalTime time) {
        return !time.isBefore(opens) && (endsAtMidnight() || time.isBefore(closes));
    }

    /** Whether the interval runs to the end of its day (24:00). */
    public boolean endsAtMidnight() {
        return closes.equals(LocalTime.MIDNIGHT);
    }

    @JsonValue
    @Override
    public String toString() {
        return text(opens, closes);
    }

    /** One day's intervals checked (none null, at most {@link #MAX_PER_DAY}, none overlapping) and in time order. */
    static List<OpenInterval> dayOf(List<OpenInterval> intervals, String day) {
        if (intervals == null) {
            throw new IllegalArgumentException(day + ": the open intervals are missing (an empty list means closed)");
        }
        if (intervals.size() > MAX_PER_DAY) {
            throw new IllegalArgumentException(
                    day + ": " + intervals.size() + " open intervals, at most " + MAX_PER_DAY + " are allowed");
        }
        if (intervals.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException(day + ": an open interval is null");
        }
        List<OpenInterval> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparing(OpenInterval::opens));
        for (int i = 1; i < sorted.size(); i++) {
            OpenInterval before = sorted.get(i - 1);
            OpenInterval after = sorted.get(i);
            if (before.endsAtMidnight() || after.opens.isBefore(before.closes)) {
                throw new IllegalArgumentException(day + ": open intervals " + before + " and " + after + " overlap");
            }
        }
        return List.copyOf(sorted);
    }

    private static boolean wholeMinute(LocalTime time) {
        return time.getSecond() == 0 && time.getNano() == 0;
    }

    private static LocalTime time(String hours, String minutes, String text) {
        int h = Integer.parseInt(hours);
        int m = Integer.parseInt(minutes);
        if (h > 23 || m > 59) {
            throw new IllegalArgumentException("no such time of day in open interval " + text);
        }
        return LocalTime.of(h, m);
    }

    private static String text(LocalTime opens, LocalTime closes) {
        return opens + "-" + (closes.equals(LocalTime.MIDNIGHT) ? "24:00" : closes.toString());
    }

    private static String abbreviated(String text) {
        return text == null ? "null" : text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
