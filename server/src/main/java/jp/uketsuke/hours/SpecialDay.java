package jp.uketsuke.hours;

import java.time.LocalDate;
import java.util.List;

/**
 * One date that breaks the usual pattern: closed (臨時休業, 棚卸し) or open at other hours (a Saturday opening, a short
 * day). It wins over the weekly hours, the closed periods and the national holidays, because the tenant set it for
 * exactly that date.
 *
 * @param date  the date, in the tenant's zone
 * @param name  what the day is called, for the bot to say; optional
 * @param hours the day's open intervals; empty or left out means closed all day
 */
public record SpecialDay(LocalDate date, String name, List<OpenInterval> hours) {

    /** Longer than this is not a name a receptionist would say. */
    public static final int MAX_NAME_LENGTH = 60;

    public SpecialDay {
        if (date == null) {
            throw new IllegalArgumentException("a special day needs its date (yyyy-MM-dd)");
        }
        name = checkedName(name, "special day " + date);
        hours = OpenInterval.dayOf(hours == null ? List.of() : hours, "special day " + date);
    }

    /** A date closed all day. */
    public static SpecialDay closed(LocalDate date, String name) {
        return new SpecialDay(date, name, List.of());
    }

    /** Whether the tenant is closed all this day. */
    public boolean closedAllDay() {
        return hours.isEmpty();
    }

    static String checkedName(String name, String what) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String trimmed = name.strip();
        if (trimmed.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(what + ": the name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(what + ": the name contains control characters");
        }
        return trimmed;
    }
}
