package jp.uketsuke.telephony;

import java.util.regex.Pattern;

/**
 * Who an outbound leg says is calling: the From header's display name and user, and P-Asserted-Identity towards
 * a trunk. The application passes it per tenant (its own number, never a caller's number it cannot vouch for).
 *
 * @param displayName shown on the called phone; at most 64 characters, no control characters, quotes or
 *                    backslashes; may be empty
 * @param number      user part: digits, * or #, an optional leading +; at most 32
 */
public record CallerId(String displayName, String number) {

    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9*#]{1,32}");

    public CallerId {
        displayName = displayName == null ? "" : displayName.strip();
        if (displayName.length() > 64
                || displayName.chars().anyMatch(c -> Character.isISOControl(c) || c == '"' || c == '\\')) {
            throw new IllegalArgumentException(
                    "a caller-id name is at most 64 characters without control characters, quotes or backslashes");
        }
        if (number == null || !NUMBER.matcher(number).matches()) {
            throw new IllegalArgumentException("a caller-id number is 1-32 digits, * or # (an optional leading +)");
        }
    }
}
