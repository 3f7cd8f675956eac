package jp.uketsuke.redaction.internal;

import jp.uketsuke.redaction.Kind;

/**
 * Something to mask, with the digits its mask may show: the last four of a phone or card number when the whole
 * run is that number, else none.
 */
public record Detected(Kind kind, int start, int end, String shown) {
}
