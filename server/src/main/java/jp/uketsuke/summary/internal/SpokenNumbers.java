package jp.uketsuke.summary.internal;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Numbers as callers say them and recognisers write them, turned into ASCII digits: full-width digits (０９０),
 * kanji numerals (〇九〇 digit by digit; 十五, 二十 with place values) and English digit words ("zero nine zero",
 * "oh" for zero, "double five").
 */
final class SpokenNumbers {

    private static final Pattern KANJI_RUN = Pattern.compile("[〇零一二三四五六七八九十百]+");
    private static final String KANJI_DIGITS = "〇一二三四五六七八九";
    private static final Map<String, String> WORDS = Map.ofEntries(Map.entry("zero", "0"), Map.entry("oh", "0"),
            Map.entry("o", "0"), Map.entry("one", "1"), Map.entry("two", "2"), Map.entry("three", "3"),
            Map.entry("four", "4"), Map.entry("five", "5"), Map.entry("six", "6"), Map.entry("seven", "7"),
            Map.entry("eight", "8"), Map.entry("nine", "9"));
    private static final Pattern WORD_RUN = Pattern.compile(
            "\\b(?:(?:double\\s+)?(?:zero|oh|o|one|two|three|four|five|six|seven|eight|nine)\\b[\\s,.-]*){3,}",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern WORD = Pattern.compile("(double\\s+)?(zero|oh|o|one|two|three|four|five|six|seven|eight|nine)\\b",
            Pattern.CASE_INSENSITIVE);

    private SpokenNumbers() {
    }

    /** Full-width letters, digits and punctuation to their ASCII forms (NFKC), nothing else changed. */
    static String widthNormalised(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC);
    }

    /** Width-normalised, with kanji numerals and runs of three or more English digit words as digits. */
    static String withDigits(String text) {
        String s = widthNormalised(text);
        s = replace(KANJI_RUN.matcher(s), m -> kanji(m.group()));
        return replace(WORD_RUN.matcher(s), m -> words(m.group()));
    }

    /** "十五" → "15", "二十" → "20", "百二" → "102"; without place values digit by digit: "〇九〇" → "090". */
    static String kanji(String run) {
        if (run.indexOf('十') < 0 && run.indexOf('百') < 0) {
            StringBuilder digits = new StringBuilder();
            for (char c : run.toCharArray()) {
                digits.append(c == '零' ? 0 : KANJI_DIGITS.indexOf(c));
            }
            return digits.toString();
        }
        int total = 0;
        int current = 0;
        for (char c : run.toCharArray()) {
            if (c == '百' || c == '十') {
                total += (current == 0 ? 1 : current) * (c == '百' ? 100 : 10);
                current = 0;
            } else {
                current = current * 10 + (c == '零' ? 0 : KANJI_DIGITS.indexOf(c));
            }
        }
        return Integer.toString(total + current);
    }

    private static String words(String run) {
        StringBuilder digits = new StringBuilder();
        Matcher m = WORD.matcher(run);
        int groupStart = 0;
        while (m.find()) {
            // a pause the recogniser wrote as a comma or a hyphen stays a separator between groups
            if (digits.length() > groupStart && run.substring(0, m.start()).matches("(?s).*[,.-]\\s*$")) {
                digits.append('-');
                groupStart = digits.length();
            }
            String digit = WORDS.get(m.group(2).toLowerCase(Locale.ROOT));
            digits.append(m.group(1) != null ? digit + digit : digit);
            run = run.substring(m.end());
            m = WORD.matcher(run);
        }
        return digits + " ";
    }

    private static String replace(Matcher m, java.util.function.Function<Matcher, String> replacement) {
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(m)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
