package jp.uketsuke.voicebot;

/**
 * What a simulated caller does at their next turn: says words (as a recogniser would write them) or presses keys.
 * Exactly one of the two.
 */
public record CallerTurn(String say, String dtmf) {

    public static final int MAX_CHARACTERS = 1000;

    public CallerTurn {
        say = say == null || say.isBlank() ? null : say.strip();
        dtmf = dtmf == null || dtmf.isBlank() ? null : dtmf.strip();
        if ((say == null) == (dtmf == null)) {
            throw new IllegalArgumentException("each turn either says something or presses keys");
        }
        if (say != null && say.length() > MAX_CHARACTERS) {
            throw new IllegalArgumentException("a turn says at most " + MAX_CHARACTERS + " characters");
        }
        if (dtmf != null && !dtmf.matches("[0-9*#]{1,20}")) {
            throw new IllegalArgumentException("keys are 1-20 of 0-9, * and #");
        }
    }

    public static CallerTurn saying(String words) {
        return new CallerTurn(words, null);
    }

    public static CallerTurn pressing(String keys) {
        return new CallerTurn(null, keys);
    }
}
