package jp.uketsuke.handling;

import java.time.Instant;
import java.util.Objects;
import jp.uketsuke.summary.PurposeCategory;
import jp.uketsuke.tenancy.PhoneNumbers;

/**
 * A structured note as staff write it (F7, S8: no paper memos): who called, about what, whether and by when to call
 * back. Self-validating: short fields, no control characters (the text may have line breaks), a callback needs a
 * number that is a phone number. Blank optional fields become null.
 *
 * @param callbackNumber any form {@link PhoneNumbers} understands; kept in its national form
 * @param callbackBy     when the callback is due, or null; with {@code callbackNeeded} it makes a callback task
 */
public record NoteInput(String callerName, String company, PurposeCategory category, String text,
                        boolean callbackNeeded, String callbackNumber, Instant callbackBy) {

    public static final int MAX_NAME = 40;
    public static final int MAX_COMPANY = 80;
    public static final int MAX_TEXT = 1000;

    public NoteInput {
        Objects.requireNonNull(category, "category");
        callerName = field(callerName, MAX_NAME, false);
        company = field(company, MAX_COMPANY, false);
        text = field(text, MAX_TEXT, true);
        if (callbackNumber != null && !callbackNumber.isBlank()) {
            String national = PhoneNumbers.normalise(callbackNumber);
            if (national.isEmpty()) {
                throw new HandlingRefused(HandlingRefused.Reason.NUMBER, "The callback number is not a phone number");
            }
            callbackNumber = national;
        } else {
            callbackNumber = null;
        }
        if (callbackNeeded && callbackNumber == null) {
            throw new HandlingRefused(HandlingRefused.Reason.NUMBER, "A callback needs the number to call");
        }
        if (!callbackNeeded) {
            callbackBy = null;
        }
    }

    private static String field(String value, int max, boolean lineBreaks) {
        if (value == null) {
            return null;
        }
        String s = value.replace("\r\n", "\n").strip();
        if (s.isEmpty()) {
            return null;
        }
        if (s.codePointCount(0, s.length()) > max) {
            throw new HandlingRefused(HandlingRefused.Reason.NOTE, "A note field is at most " + max + " characters");
        }
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            int type = Character.getType(c);
            boolean allowed = lineBreaks && (c == '\n' || c == '\t');
            if (!allowed && (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR)) {
                throw new HandlingRefused(HandlingRefused.Reason.NOTE, "A note may not hold control characters");
            }
            i += Character.charCount(c);
        }
        return s;
    }
}
