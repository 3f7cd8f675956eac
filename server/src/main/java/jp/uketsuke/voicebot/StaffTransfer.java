package jp.uketsuke.voicebot;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Handing a caller to a member of staff (F5): who, how, and what the bot says around it. Part of a tenant's
 * {@link CallFlow}; a flow without one takes a message instead.
 *
 * @param mode              {@link Mode#BRIDGED} (the default) or {@link Mode#BLIND}
 * @param extension         a staff phone's extension, or null when {@code number} is set
 * @param number            a telephone number reached through the tenant's trunk, or null when {@code extension}
 *                          is set
 * @param noAnswerSeconds   how long staff's phone rings before the bot takes the caller back (bridged); 1-300,
 *                          default 20
 * @param digit             menu key that asks for staff; default '0'
 * @param phrases           what callers say to ask for staff ("operator", "担当者")
 * @param connectingPrompt  said before the transfer
 * @param unavailablePrompt said when nobody could be reached; message taking follows
 */
public record StaffTransfer(Mode mode, String extension, String number, Integer noAnswerSeconds, Character digit,
                            List<String> phrases, String connectingPrompt, String unavailablePrompt) {

    /** How the call is handed over. */
    public enum Mode {
        /** The caller's side is asked to call staff itself (REFER); the bot's part of the call ends there. */
        BLIND,
        /** Uketsuke calls staff and connects both, keeping the recording and taking the caller back on no answer. */
        BRIDGED
    }

    public static final int DEFAULT_NO_ANSWER_SECONDS = 20;
    private static final Pattern EXTENSION = Pattern.compile("[0-9A-Za-z_-]{1,32}");
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{1,32}");

    public StaffTransfer {
        mode = mode == null ? Mode.BRIDGED : mode;
        extension = blankToNull(extension);
        number = blankToNull(number);
        if ((extension == null) == (number == null)) {
            throw new IllegalArgumentException("a transfer goes to either an extension or a number");
        }
        if (extension != null && !EXTENSION.matcher(extension).matches()) {
            throw new IllegalArgumentException("an extension is 1-32 letters, digits, - or _");
        }
        if (number != null && !NUMBER.matcher(number).matches()) {
            throw new IllegalArgumentException("a number to transfer to is 1-32 digits (an optional leading +)");
        }
        // boxed, so a stored setting missing either reads back with the default
        noAnswerSeconds = noAnswerSeconds == null || noAnswerSeconds == 0 ? DEFAULT_NO_ANSWER_SECONDS : noAnswerSeconds;
        if (noAnswerSeconds < 1 || noAnswerSeconds > 300) {
            throw new IllegalArgumentException("no-answer time must be 1-300 seconds");
        }
        digit = digit == null || digit == 0 ? '0' : digit;
        if ("0123456789*#".indexOf(digit) < 0) {
            throw new IllegalArgumentException("the transfer key must be 0-9, * or #");
        }
        phrases = phrases == null ? List.of() : List.copyOf(phrases);
        if (connectingPrompt == null || connectingPrompt.isBlank() || unavailablePrompt == null
                || unavailablePrompt.isBlank()) {
            throw new IllegalArgumentException("a transfer needs its connecting and unavailable prompts");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
