package jp.uketsuke.hours;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Days the tenant closes every year, such as 年末年始 (12-29 to 01-03) or お盆 (08-13 to 08-16), given as month-days so
 * the setting need not be renewed each year. A period whose end comes before its start runs across the year end.
 *
 * @param name what the closure is called, for the bot to say ("年末年始"); optional
 * @param from first closed day, "MM-dd" in JSON
 * @param to   last closed day, inclusive
 */
public record ClosedPeriod(String name,
                           @JsonFormat(pattern = "MM-dd") MonthDay from,
                           @JsonFormat(pattern = "MM-dd") MonthDay to) {

    private static final Pattern MONTH_DAY = Pattern.compile("(\\d{2})-(\\d{2})");

    public ClosedPeriod {
        name = SpecialDay.checkedName(name, "a closed period");
        if (from == null || to == null) {
            throw new IllegalArgumentException("closed period " + (name == null ? "" : name + " ")
                    + "needs both its first and last day (MM-dd)");
        }
    }

    /** Reads the month-days as written in a call flow, "12-29"; 02-29 counts in leap years only. */
    @JsonCreator
    public static ClosedPeriod of(@JsonProperty("name") String name, @JsonProperty("from") String from,
                                  @JsonProperty("to") String to) {
        String checkedName = SpecialDay.checkedName(name, "a closed period");
        return new ClosedPeriod(checkedName, monthDay(from, checkedName), monthDay(to, checkedName));
    }

    private static MonthDay monthDay(String text, String name) {
        if (text == null) {
            return null;
        }
        String period = "closed period " + (name == null ? "" : name + " ");
        Matcher m = MONTH_DAY.matcher(text);
        if (!m.matches()) {
            String shown = text.length() > 20 ? text.substring(0, 20) + "…" : text;
            throw new IllegalArgumentException(period + "has '" + shown + "' where a month-day (MM-dd, e.g. 12-29) belongs");
        }
        try {
            return MonthDay.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(period + "has " + text + ", which is no day of the year");
        }
    }

    /** Whether the date falls in this period in any year. */
    public boolean contains(LocalDate date) {
        MonthDay day = MonthDay.from(date);
        boolean crossesYearEnd = to.isBefore(from);
        return crossesYearEnd
                ? !day.isBefore(from) || !day.isAfter(to)
                : !day.isBefore(from) && !day.isAfter(to);
    }
}
