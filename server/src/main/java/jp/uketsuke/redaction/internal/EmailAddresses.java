package jp.uketsuke.redaction.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.uketsuke.redaction.Kind;

/** E-mail addresses as written ("taro@example.jp", full-width "ｔａｒｏ＠…") and as spoken ("taro at example dot com"). */
final class EmailAddresses {

    private static final String LOCAL = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-";
    private static final int MAX_LOCAL = 64;
    private static final int MAX_DOMAIN = 253;
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9.-]{1,253}+");
    private static final String WORD = "[a-z0-9][a-z0-9_-]{0,30}";
    private static final String DOT = "(?:\\s+dot\\s+|\\s*(?:ドット|どっと)\\s*|\\.)";
    private static final String AT = "(?:\\s+at\\s+|\\s*(?:アットマーク|あっとまーく)\\s*)";
    private static final String TOP_LEVEL = "(?:com|net|org|jp|info|biz|io|co|ne|or|ac|go|ed|me|uk|us|edu|gov)";
    private static final Pattern SPOKEN = Pattern.compile("(?<![a-z0-9])" + WORD + "(?:" + DOT + WORD + "){0,4}" + AT
            + WORD + "(?:" + DOT + WORD + "){0,4}" + DOT + TOP_LEVEL + "(?![a-z0-9])", Pattern.CASE_INSENSITIVE);

    private static final Pattern SPOKEN_AT = Pattern.compile("\\sat\\s|アットマーク|あっとまーく", Pattern.CASE_INSENSITIVE);

    private EmailAddresses() {
    }

    /** @param folded the text with full-width forms folded ({@link Width#fold(String)}) */
    static List<Detected> detect(String folded) {
        List<Detected> found = new ArrayList<>();
        int n = folded.length();
        Matcher domain = DOMAIN.matcher(folded);
        for (int at = folded.indexOf('@'); at >= 0; at = folded.indexOf('@', at + 1)) {
            int start = at;
            while (start > 0 && at - start < MAX_LOCAL && LOCAL.indexOf(folded.charAt(start - 1)) >= 0) {
                start--;
            }
            while (start < at && folded.charAt(start) == '.') {
                start++;
            }
            if (start == at || at + 1 >= n) {
                continue;
            }
            domain.region(at + 1, Math.min(n, at + 1 + MAX_DOMAIN));
            if (!domain.lookingAt()) {
                continue;
            }
            int end = domain.end();
            while (end > at + 1 && (folded.charAt(end - 1) == '.' || folded.charAt(end - 1) == '-')) {
                end--; // the full stop after "…@example.jp." ends the sentence, not the address
            }
            String host = folded.substring(at + 1, end);
            int lastDot = host.lastIndexOf('.');
            if (lastDot > 0 && host.length() - lastDot > 2 && host.substring(lastDot + 1).chars().allMatch(Character::isLetter)) {
                found.add(new Detected(Kind.EMAIL, start, end, ""));
            }
        }
        // the spoken form is looked for only where it can be: most turns say neither word
        if (SPOKEN_AT.matcher(folded).find()) {
            Matcher spoken = SPOKEN.matcher(folded);
            while (spoken.find()) {
                found.add(new Detected(Kind.EMAIL, spoken.start(), spoken.end(), ""));
            }
        }
        return found;
    }
}
