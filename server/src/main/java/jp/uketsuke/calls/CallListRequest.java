package jp.uketsuke.calls;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.uketsuke.tenancy.PhoneNumbers;

/**
 * The call list's filters as a person or client writes them (GET parameters, so a filtered list can be bookmarked):
 * days in Japan time ({@code to} includes its whole day), enum names, a tag, a phone number in any form or the
 * reference the calls module gave for one. Everything is checked in {@link #toQuery}; what cannot be read is refused
 * with the parameter's name and why, never read as a wider list.
 * <p>
 * A caller's number does not belong in a URL (browser history, bookmarks, access logs): the console takes it by POST
 * and lists with {@code callerRef} ({@link CallHistory#callerReference}) instead; {@code caller} remains for the
 * API's JSON search and, discouraged, its GET.
 *
 * @param blocked "" (sales calls shown with the others), "hide" or "only"
 * @param mine    "1", "true" or "on": only calls the viewer has
 * @param caller    a phone number in any form, e.g. "090-1234-5678", "+81 90 1234 5678", "０９０１２３４５６７８"
 * @param callerRef the reference {@link CallHistory#callerReference} gave for a number (not with {@code caller})
 * @param cursor  the {@code next} of the page before
 */
public record CallListRequest(String from, String to, String status, String outcome, String category, String tag,
                              String blocked, String mine, String caller, String callerRef, String cursor) {

    public static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    public static final int MAX_TAG_CHARS = 40;
    static final int MAX_CALLER_CHARS = 40;
    static final int MAX_CURSOR_CHARS = 100;
    /** A caller reference is the tenant's keyed index of the number: 32 bytes in lower-case hex. */
    private static final Pattern CALLER_REF = Pattern.compile("[0-9a-f]{64}");

    public static CallListRequest none() {
        return new CallListRequest(null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * @param actor      the viewer, for "mine"
     * @param categories the purpose categories there are (names), which the calls module does not know itself
     * @throws InvalidCallQueryException naming the parameter at fault
     */
    public CallQuery toQuery(UUID tenantId, String actor, Set<String> categories, int limit) {
        LocalDate first = blank(from) ? null : day(from, "from");
        LocalDate last = blank(to) ? null : day(to, "to");
        if (first != null && last != null && first.isAfter(last)) {
            throw new InvalidCallQueryException("to", "the first day (from) is after the last (to)");
        }
        CallStatus s = blank(status) ? null : named(CallStatus.class, status, "status");
        CallOutcome o = blank(outcome) ? null : named(CallOutcome.class, outcome, "outcome");
        String c = null;
        if (!blank(category)) {
            c = category.strip();
            if (!categories.contains(c)) {
                throw new InvalidCallQueryException("category", "category must be one of " + categories);
            }
        }
        String t = blank(tag) ? null : tag(tag);
        CallQuery.Blocked b = switch (blank(blocked) ? "" : blocked.strip().toLowerCase(Locale.ROOT)) {
            case "", "shown" -> CallQuery.Blocked.SHOWN;
            case "hide" -> CallQuery.Blocked.HIDDEN;
            case "only" -> CallQuery.Blocked.ONLY;
            default -> throw new InvalidCallQueryException("blocked", "blocked must be hide or only");
        };
        boolean onlyMine = switch (blank(mine) ? "" : mine.strip().toLowerCase(Locale.ROOT)) {
            case "", "0", "false" -> false;
            case "1", "true", "on" -> true;
            default -> throw new InvalidCallQueryException("mine", "mine must be true or false");
        };
        String number = blank(caller) ? null : callerNumber(caller);
        String reference = null;
        if (!blank(callerRef)) {
            if (number != null) {
                throw new InvalidCallQueryException("callerRef", "give caller or callerRef, not both");
            }
            if (!CALLER_REF.matcher(callerRef).matches()) {
                throw new InvalidCallQueryException("callerRef", "callerRef is not one this list gave out");
            }
            reference = callerRef;
        }
        CallCursor after = null;
        if (!blank(cursor)) {
            if (cursor.length() > MAX_CURSOR_CHARS) {
                throw CallCursor.invalid();
            }
            after = CallCursor.parse(cursor.strip());
        }
        return new CallQuery(tenantId, first == null ? null : first.atStartOfDay(JAPAN).toInstant(),
                last == null ? null : last.plusDays(1).atStartOfDay(JAPAN).toInstant(), s, o, c, t, b,
                onlyMine ? actor : null, number, reference, after, limit);
    }

    /**
     * A phone number in any form, normalised ({@link PhoneNumbers}).
     *
     * @throws InvalidCallQueryException ("caller") when it is too long or not a phone number
     */
    public static String callerNumber(String value) {
        if (value == null || value.length() > MAX_CALLER_CHARS) {
            throw new InvalidCallQueryException("caller", "caller is at most " + MAX_CALLER_CHARS + " characters");
        }
        String number = PhoneNumbers.normalise(value);
        if (number.isEmpty()) {
            throw new InvalidCallQueryException("caller", "caller must be a phone number");
        }
        return number;
    }

    /** These filters as query parameters (without the cursor), for links to the next page and the live reload. */
    public CallListRequest withoutCursor() {
        return withCursor(null);
    }

    /** These filters from the position a page's {@code next} gives. */
    public CallListRequest withCursor(String next) {
        return new CallListRequest(from, to, status, outcome, category, tag, blocked, mine, caller, callerRef, next);
    }

    /** These filters with the caller given by reference rather than number, from the first page. */
    public CallListRequest withCallerRef(String reference) {
        return new CallListRequest(from, to, status, outcome, category, tag, blocked, mine, null, reference, null);
    }

    private static String tag(String value) {
        String t = value.strip();
        if (t.length() > MAX_TAG_CHARS) {
            throw new InvalidCallQueryException("tag", "tag is at most " + MAX_TAG_CHARS + " characters");
        }
        if (t.codePoints().anyMatch(cp -> Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT)) {
            throw new InvalidCallQueryException("tag", "tag must not contain control characters");
        }
        return t;
    }

    private static <E extends Enum<E>> E named(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidCallQueryException(field, field + " is not one of its names");
        }
    }

    private static LocalDate day(String value, String field) {
        LocalDate day;
        try {
            day = value.length() > 10 ? null : LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            day = null;
        }
        if (day == null || day.getYear() < 2000 || day.getYear() > 9999) {
            throw new InvalidCallQueryException(field, field + " must be a day written as 2026-12-07");
        }
        return day;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
