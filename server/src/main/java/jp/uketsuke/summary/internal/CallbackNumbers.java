package jp.uketsuke.summary.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the number a caller asked to be called back on, in whatever way it was said or written: "090-1234-5678",
 * "０９０（１２３４）５６７８", "〇九〇の一二三四の五六七八", "+81 90 1234 5678", "zero nine zero, one two three four …".
 * Only what is a Japanese number is taken, so dates, times, prices and booking numbers are not mistaken for one.
 */
final class CallbackNumbers {

    /** Digits with the separators people and recognisers put between groups (の as in 〇九〇の…). */
    private static final Pattern RUN = Pattern.compile("\\+?\\d[\\d\\s()\\-‐−ー–の]*\\d");
    private static final Pattern GROUP = Pattern.compile("\\d+");
    private static final Pattern NEAR_CALLBACK = Pattern.compile(
            "(折り返し|折返し|番号|連絡先|携帯|電話|call me|call back|reach me|number|phone)", Pattern.CASE_INSENSITIVE);

    private CallbackNumbers() {
    }

    /** The first valid number said after a callback phrase, else the first valid number at all. */
    static Optional<String> find(String text) {
        String s = SpokenNumbers.withDigits(text);
        List<Candidate> found = new ArrayList<>();
        Matcher run = RUN.matcher(s);
        while (run.find()) {
            candidates(run.group(), run.start(), found);
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Matcher cue = NEAR_CALLBACK.matcher(s);
        for (Candidate c : found) {
            int from = Math.max(0, c.position() - 40);
            if (cue.region(from, c.position()).find()) {
                return Optional.of(c.number());
            }
        }
        return Optional.of(found.getFirst().number());
    }

    /** Every Japanese number said, in order. */
    static List<String> all(String text) {
        String s = SpokenNumbers.withDigits(text);
        List<Candidate> found = new ArrayList<>();
        Matcher run = RUN.matcher(s);
        while (run.find()) {
            candidates(run.group(), run.start(), found);
        }
        return found.stream().map(Candidate::number).toList();
    }

    /** Every run of consecutive groups that reads as a whole Japanese number, "+81" turned into the national 0. */
    private static void candidates(String run, int position, List<Candidate> found) {
        List<String> groups = new ArrayList<>();
        Matcher g = GROUP.matcher(run);
        while (g.find()) {
            groups.add(g.group());
        }
        boolean international = run.startsWith("+");
        for (int first = 0; first < groups.size(); first++) {
            StringBuilder digits = new StringBuilder();
            for (int last = first; last < groups.size() && digits.length() <= 13; last++) {
                digits.append(groups.get(last));
                String national = national(digits.toString(), international && first == 0);
                if (national != null) {
                    found.add(new Candidate(national, position));
                    first = last;
                    break;
                }
            }
        }
    }

    private static String national(String digits, boolean international) {
        String national = digits;
        if (international || digits.startsWith("81") && digits.length() >= 11 && digits.length() <= 12) {
            if (!digits.startsWith("81")) {
                return null;
            }
            national = "0" + digits.substring(2);
        }
        return isJapanese(national) ? national : null;
    }

    /**
     * A Japanese number in national form: mobile, IP and toll-free 0800 numbers have 11 digits (070/080/090, 050,
     * 020, 0800), every other number 10 starting with 0 and a non-zero digit.
     */
    static boolean isJapanese(String digits) {
        if (!digits.matches("0[1-9]\\d+")) {
            return false;
        }
        boolean elevenDigits = digits.matches("0[789]0\\d*|050\\d*|020\\d*|0800\\d*");
        return digits.length() == (elevenDigits ? 11 : 10);
    }

    private record Candidate(String number, int position) {
    }
}
