package jp.uketsuke.calls;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * What a call export asks for, read from the request as people write it: days in Japan time, "to" including its whole
 * day, at most so many calls. Left out, the period is the last 30 days up to today and the limit the most an export
 * holds. Anything else is refused with a message saying why, never read as a wider export.
 *
 * @param from    the first instant of the first day
 * @param to      the first instant after the last day
 * @param maxRows how many calls at most
 */
public record ExportPeriod(Instant from, Instant to, int maxRows) {

    static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    static final int DEFAULT_DAYS = 30;

    /** @throws IllegalArgumentException with a message for the person who asked */
    public static ExportPeriod parse(String fromDay, String toDay, String limit, LocalDate today) {
        LocalDate last = blank(toDay) ? today : day(toDay, "to");
        LocalDate first = blank(fromDay) ? last.minusDays(DEFAULT_DAYS - 1) : day(fromDay, "from");
        if (first.isAfter(last)) {
            throw new IllegalArgumentException("The period's first day (from) is after its last (to)");
        }
        Instant from = first.atStartOfDay(JAPAN).toInstant();
        Instant to = last.plusDays(1).atStartOfDay(JAPAN).toInstant();
        if (Duration.between(from, to).compareTo(CallHistory.MAX_EXPORT_PERIOD) > 0) {
            throw new IllegalArgumentException(
                    "An export covers at most " + CallHistory.MAX_EXPORT_PERIOD.toDays() + " days");
        }
        int rows = CallHistory.MAX_EXPORT_ROWS;
        if (!blank(limit)) {
            try {
                rows = Integer.parseInt(limit.strip());
            } catch (NumberFormatException e) {
                rows = -1;
            }
            if (rows < 1 || rows > CallHistory.MAX_EXPORT_ROWS) {
                throw new IllegalArgumentException("limit must be a number from 1 to " + CallHistory.MAX_EXPORT_ROWS);
            }
        }
        return new ExportPeriod(from, to, rows);
    }

    /** The period's days as a file name part, e.g. "2026-12-01_2026-12-07". */
    public String days() {
        return from.atZone(JAPAN).toLocalDate() + "_" + to.atZone(JAPAN).toLocalDate().minusDays(1);
    }

    private static LocalDate day(String value, String name) {
        LocalDate day;
        try {
            day = LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be a day written as 2026-12-07");
        }
        // far years ("+999999999-12-31") parse, but have no next day to end the period at
        if (day.getYear() < 2000 || day.getYear() > 9999) {
            throw new IllegalArgumentException(name + " must be a day between the years 2000 and 9999");
        }
        return day;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
