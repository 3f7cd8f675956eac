package jp.uketsuke.telephony;

import java.util.regex.Pattern;

/**
 * A block of dialed numbers (DIDs) a trunk may deliver, e.g. 0500000000 to 0500000099. Both ends are written in
 * the same form as the numbers compared with them (the application normalises both; telephony does not).
 *
 * @param first lowest number of the block, digits with an optional leading '+'
 * @param last  highest number, as many characters as {@code first}
 */
public record NumberRange(String first, String last) {

    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{1,20}");

    public NumberRange {
        if (first == null || last == null || !NUMBER.matcher(first).matches() || !NUMBER.matcher(last).matches()) {
            throw new IllegalArgumentException("a number range is written with digits (and an optional leading +), not \""
                    + first + "\"-\"" + last + "\"");
        }
        if (first.length() != last.length() || first.startsWith("+") != last.startsWith("+")) {
            throw new IllegalArgumentException("\"" + first + "-" + last + "\": both ends of a range need as many digits");
        }
        if (first.compareTo(last) > 0) {
            throw new IllegalArgumentException("\"" + first + "-" + last + "\": the first number is above the last");
        }
    }

    /** A block of one number. */
    public static NumberRange single(String number) {
        return new NumberRange(number, number);
    }

    /** Whether {@code number} (in the same form as the ends) lies in the block. */
    public boolean contains(String number) {
        return number != null && number.length() == first.length() && NUMBER.matcher(number).matches()
                && number.compareTo(first) >= 0 && number.compareTo(last) <= 0;
    }

    @Override
    public String toString() {
        return first.equals(last) ? first : first + "-" + last;
    }
}
