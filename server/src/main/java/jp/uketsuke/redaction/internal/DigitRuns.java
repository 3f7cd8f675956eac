package jp.uketsuke.redaction.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.uketsuke.redaction.Kind;

/**
 * Numbers as transcripts hold them: digits of any script (ASCII, full-width ０-９, kanji 〇一二…九 and 零), English
 * digit words as a recogniser writes them ("zero nine zero", "oh", "double five"), with hyphens of every kind,
 * spaces, parentheses, dots, commas and slashes between them. Such a run of digits is masked whole when any part
 * of it is a phone number, a card number or a My Number: a number said in pieces, or run into the next, hides
 * nothing that way.
 */
final class DigitRuns {

    /** What may stand between the digits of one number. */
    private static final String SEPARATORS = " \u3000\t-‐‑‒–—―−ー－()（）.．,，/／・";
    /** More separator than this ends the number: "3, 4" is one run, a list broken by long gaps is not. */
    private static final int MAX_GAP = 3;
    private static final String SPOKEN_HYPHEN = "ハイフン";
    private static final Map<String, Character> WORDS = Map.ofEntries(
            Map.entry("zero", '0'), Map.entry("oh", '0'), Map.entry("one", '1'), Map.entry("two", '2'),
            Map.entry("three", '3'), Map.entry("four", '4'), Map.entry("five", '5'), Map.entry("six", '6'),
            Map.entry("seven", '7'), Map.entry("eight", '8'), Map.entry("nine", '9'));
    private static final String KANJI_DIGITS = "〇一二三四五六七八九";

    private DigitRuns() {
    }

    /** The runs of {@code text} that hold a phone number, card number or My Number. */
    static List<Detected> detect(String text) {
        List<Detected> found = new ArrayList<>();
        List<Token> tokens = tokens(text);
        int first = 0;
        for (int k = 1; k <= tokens.size(); k++) {
            if (k == tokens.size() || !joined(text, tokens.get(k - 1), tokens.get(k))) {
                Detected d = classify(text, tokens.subList(first, k));
                if (d != null) {
                    found.add(d);
                }
                first = k;
            }
        }
        return found;
    }

    /** The digits written in {@code text}, in any script or as words: "０９０ー１２" and "oh nine" give "090", "09". */
    static String digitsOf(String text) {
        var digits = new StringBuilder();
        for (Token t : tokens(text)) {
            digits.append(t.digits());
        }
        return digits.toString();
    }

    private static Detected classify(String text, List<Token> run) {
        var sb = new StringBuilder();
        for (Token t : run) {
            sb.append(t.digits());
        }
        String d = sb.toString();
        int n = d.length();
        if (n < 8) {
            return null; // shorter than any number looked for, even "+1 415…" abroad
        }
        int start = run.getFirst().start();
        int end = run.getLast().end();
        int international = internationalPrefix(text, start);
        if (international >= 0 && n <= 15) {
            return new Detected(Kind.PHONE, international, end, d.substring(n - 4));
        }
        // "(03) 1234-5678": the area code's opening parenthesis goes with it; "(0312345678)" keeps both of its own
        String written = text.substring(start, end);
        if (start > 0 && "(（".indexOf(text.charAt(start - 1)) >= 0 && (written.contains(")") || written.contains("）"))) {
            start--;
        }
        // the whole run first, then any part of it; a part shows no digits, as they may belong to the next number
        if (NumberChecks.isJapanesePhone(d, 0, n)) {
            return new Detected(Kind.PHONE, start, end, d.substring(n - 4));
        }
        if (NumberChecks.isMyNumber(d, 0, n)) {
            return new Detected(Kind.MY_NUMBER, start, end, "");
        }
        if (NumberChecks.isCard(d, 0, n)) {
            return new Detected(Kind.CARD, start, end, d.substring(n - 4));
        }
        Kind kind = partKind(d);
        return kind == null ? null : new Detected(kind, start, end, "");
    }

    private static Kind partKind(String d) {
        int n = d.length();
        for (int from = 0; from + 10 <= n; from++) {
            for (int length = 10; length <= 13 && from + length <= n; length++) {
                if (NumberChecks.isJapanesePhone(d, from, length)) {
                    return Kind.PHONE;
                }
            }
        }
        for (int from = 0; from + 12 <= n; from++) {
            if (NumberChecks.isMyNumber(d, from, 12)) {
                return Kind.MY_NUMBER;
            }
        }
        for (int from = 0; from + 13 <= n; from++) {
            for (int length = 13; length <= 19 && from + length <= n; length++) {
                if (NumberChecks.isCard(d, from, length)) {
                    return Kind.CARD;
                }
            }
        }
        return null;
    }

    /** Where a "+" or "plus" just before the run begins, or -1. */
    private static int internationalPrefix(String text, int runStart) {
        int i = runStart;
        while (i > 0 && (text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '\u3000')) {
            i--;
        }
        if (i > 0 && (text.charAt(i - 1) == '+' || text.charAt(i - 1) == '＋')) {
            return i - 1;
        }
        if (i >= 4 && text.regionMatches(true, i - 4, "plus", 0, 4) && (i == 4 || !isLatinLetter(text.charAt(i - 5)))) {
            return i - 4;
        }
        return -1;
    }

    private static boolean joined(String text, Token before, Token after) {
        int gap = after.start() - before.end();
        if (gap > MAX_GAP + SPOKEN_HYPHEN.length()) {
            return false;
        }
        // Japanese recognisers write a spoken number as "090の1234の5678" or "090ハイフン1234…"
        String between = text.substring(before.end(), after.start()).replace(SPOKEN_HYPHEN, "");
        if (between.length() > MAX_GAP) {
            return false;
        }
        for (int i = 0; i < between.length(); i++) {
            if (SEPARATORS.indexOf(between.charAt(i)) < 0 && between.charAt(i) != 'の') {
                return false;
            }
        }
        return true;
    }

    private static List<Token> tokens(String text) {
        List<Token> tokens = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            int cp = text.codePointAt(i);
            if (digit(cp) >= 0) {
                int start = i;
                var digits = new StringBuilder();
                int d;
                while (i < n && (d = digit(cp = text.codePointAt(i))) >= 0) {
                    digits.append((char) ('0' + d));
                    i += Character.charCount(cp);
                }
                tokens.add(new Token(start, i, digits.toString()));
            } else if (isLatinLetter((char) cp)) {
                int start = i;
                i = wordEnd(text, i);
                String word = word(text, start, i);
                Character digit = WORDS.get(word);
                if (digit != null) {
                    tokens.add(new Token(start, i, String.valueOf(digit)));
                } else if (word.equals("double") || word.equals("triple")) {
                    Token repeated = repeated(text, start, i, word.equals("double") ? 2 : 3);
                    if (repeated != null) {
                        tokens.add(repeated);
                        i = repeated.end();
                    }
                }
            } else {
                i += Character.charCount(cp);
            }
        }
        return tokens;
    }

    /** "double five" is 55: the recogniser writes what was said. Null when no digit follows the word. */
    private static Token repeated(String text, int start, int wordEnd, int times) {
        int next = wordEnd;
        while (next < text.length() && text.charAt(next) == ' ' && next - wordEnd < MAX_GAP) {
            next++;
        }
        if (next >= text.length()) {
            return null;
        }
        int nextEnd = wordEnd(text, next);
        Character digit = nextEnd > next ? WORDS.get(word(text, next, nextEnd)) : null;
        if (digit == null && digit(text.charAt(next)) >= 0) {
            digit = (char) ('0' + digit(text.charAt(next)));
            nextEnd = next + 1;
        }
        return digit == null ? null : new Token(start, nextEnd, String.valueOf(digit).repeat(times));
    }

    private static int wordEnd(String text, int i) {
        while (i < text.length() && isLatinLetter(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static String word(String text, int start, int end) {
        if (end - start > 6) {
            return ""; // longer than any digit word; spares lower-casing long words
        }
        var sb = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            sb.append(Width.fold(text.charAt(i)));
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    private static boolean isLatinLetter(char c) {
        char f = Width.fold(c);
        return (f >= 'a' && f <= 'z') || (f >= 'A' && f <= 'Z');
    }

    /** The value of a digit of any script, or -1. */
    private static int digit(int cp) {
        if (cp == '零') {
            return 0;
        }
        int kanji = KANJI_DIGITS.indexOf(cp);
        if (kanji >= 0) {
            return kanji;
        }
        return Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER ? Character.digit(cp, 10) : -1;
    }

    private record Token(int start, int end, String digits) {
    }
}
