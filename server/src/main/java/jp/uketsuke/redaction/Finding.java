package jp.uketsuke.redaction;

/**
 * Personal data found in a text: {@code text.substring(start, end)} is what is masked.
 *
 * @param start index of its first char in the text
 * @param end   index after its last char
 */
public record Finding(Kind kind, int start, int end) {

    public Finding {
        if (kind == null || start < 0 || end <= start) {
            throw new IllegalArgumentException("A finding needs a kind and a non-empty range");
        }
    }
}
