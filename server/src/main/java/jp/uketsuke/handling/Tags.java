package jp.uketsuke.handling;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one way a tag is written, so "ＶＩＰ", "vip " and "VIP" are one tag: NFKC (full-width letters and half-width
 * katakana become their usual forms), Latin letters in lower case, runs of spaces as one, at most
 * {@link #MAX_LENGTH} characters, no control or invisible formatting characters (which could make two tags look alike).
 */
public final class Tags {

    public static final int MAX_LENGTH = 20;
    public static final int MAX_PER_CALL = 10;

    private Tags() {
    }

    /** @throws HandlingRefused ({@link HandlingRefused.Reason#TAG}) for an empty, overlong or unprintable tag */
    public static String normalise(String raw) {
        if (raw == null || raw.length() > 4 * MAX_LENGTH) {
            throw refused();
        }
        String s = Normalizer.normalize(raw, Normalizer.Form.NFKC);
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.PRIVATE_USE || type == Character.UNASSIGNED
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                throw refused();
            }
            i += Character.charCount(c);
        }
        s = s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        if (s.isEmpty() || s.codePointCount(0, s.length()) > MAX_LENGTH) {
            throw refused();
        }
        return s;
    }

    private static HandlingRefused refused() {
        return new HandlingRefused(HandlingRefused.Reason.TAG,
                "A tag is 1 to " + MAX_LENGTH + " printable characters");
    }
}
