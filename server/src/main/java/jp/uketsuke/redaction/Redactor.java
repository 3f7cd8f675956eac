package jp.uketsuke.redaction;

import java.util.ArrayList;
import java.util.List;
import jp.uketsuke.redaction.internal.Detected;
import jp.uketsuke.redaction.internal.Scanner;

/**
 * The one place personal data in free text is found and masked (S8): phone numbers, e-mail addresses, card numbers,
 * My Numbers, postal codes with their addresses — in any script a transcript holds them (full-width digits, kanji
 * numerals, spoken English digits). Used for whoever may not see transcripts unredacted, in exports and in whatever
 * leaves the installation.
 *
 * <p>Masks name what was there and never hold its digits, except the last four of a phone or card number when the
 * number stood alone: {@code [電話番号 ****-5678]}, {@code [カード番号 ****-1111]}, {@code [マイナンバー]},
 * {@code [メールアドレス]}, {@code [住所]}. Ordinary numbers (times, dates, prices, counts) are left as they are: a
 * number is masked only when it passes its own check (format, Luhn, check digit).
 */
public final class Redactor {

    private Redactor() {
    }

    /** {@code text} with every finding replaced by its mask; null stays null. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        List<Detected> found = Scanner.scan(text);
        if (found.isEmpty()) {
            return text;
        }
        var out = new StringBuilder(text.length());
        int at = 0;
        for (Detected d : found) {
            out.append(text, at, d.start()).append(mask(d));
            at = d.end();
        }
        return out.append(text, at, text.length()).toString();
    }

    /** What {@link #redact} masks, in order of position, none overlapping; empty for null or empty text. */
    public static List<Finding> find(String text) {
        List<Finding> findings = new ArrayList<>();
        for (Detected d : Scanner.scan(text)) {
            findings.add(new Finding(d.kind(), d.start(), d.end()));
        }
        return List.copyOf(findings);
    }

    /** The mask for one kind, as {@link #redact} writes it, with no digits shown. */
    public static String label(Kind kind) {
        return mask(new Detected(kind, 0, 1, ""));
    }

    private static String mask(Detected d) {
        String last = d.shown().isEmpty() ? "" : " ****-" + d.shown();
        return switch (d.kind()) {
            case PHONE -> "[電話番号" + last + "]";
            case CARD -> "[カード番号" + last + "]";
            case MY_NUMBER -> "[マイナンバー]";
            case EMAIL -> "[メールアドレス]";
            case POSTAL_ADDRESS -> "[住所]";
        };
    }
}
