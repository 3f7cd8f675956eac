package jp.uketsuke.redaction.internal;

/** Full-width forms (ＡＢＣ、＠、．、０-９, the ideographic space) read as their ASCII counterparts, char for char. */
final class Width {

    private Width() {
    }

    static char fold(char c) {
        if (c >= '\uFF01' && c <= '\uFF5E') {
            return (char) (c - 0xFEE0);
        }
        return c == '\u3000' ? ' ' : c;
    }

    /** The same length as {@code text}, so an index found in the result is an index into {@code text}. */
    static String fold(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = fold(chars[i]);
        }
        return new String(chars);
    }
}
