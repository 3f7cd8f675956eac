package jp.uketsuke.speech.openjtalk;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts prompt text into single lines that Open JTalk reads whole. The program reads one line of at most
 * 1023 bytes and silently drops the rest, so newlines become spaces and longer text is cut after a
 * sentence where it can be, after a clause or a space where it cannot, and between characters otherwise.
 */
final class PromptLines {

    /** Below Open JTalk's 1024-byte line buffer, leaving room for the newline. */
    static final int MAX_LINE_BYTES = 1000;

    private static final String SENTENCE_ENDS = "。．！？!?.";
    private static final String CLAUSE_ENDS = "、，,；;：:";

    private PromptLines() {
    }

    /**
     * Control characters (newline, NUL, escape …) and separators as one space, invisible format characters
     * (bidi overrides, zero-width joiners) dropped, ends trimmed.
     */
    static String speakable(String text) {
        return text.replaceAll("\\p{Cf}+", "").replaceAll("[\\p{Cc}\\p{Z}]+", " ").strip();
    }

    /** Lines of at most {@code maxBytes} UTF-8 bytes each, together holding all of {@code text}. */
    static List<String> split(String text, int maxBytes) {
        List<String> lines = new ArrayList<>();
        String rest = text;
        while (utf8Length(rest) > maxBytes) {
            int fits = charsFitting(rest, maxBytes);
            int cut = lastBreak(rest, fits, SENTENCE_ENDS);
            if (cut <= 0) {
                cut = lastBreak(rest, fits, CLAUSE_ENDS + " ");
            }
            if (cut <= 0) {
                cut = fits;
            }
            addIfSpoken(lines, rest.substring(0, cut));
            rest = rest.substring(cut);
        }
        addIfSpoken(lines, rest);
        return lines;
    }

    private static void addIfSpoken(List<String> lines, String line) {
        String stripped = line.strip();
        if (!stripped.isEmpty()) {
            lines.add(stripped);
        }
    }

    /** How many chars from the start fit into {@code maxBytes}, never splitting a surrogate pair. */
    private static int charsFitting(String text, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int codePoint = text.codePointAt(i);
            bytes += utf8Length(codePoint);
            if (bytes > maxBytes) {
                break;
            }
            i += Character.charCount(codePoint);
        }
        return i;
    }

    /** Index just after the last of {@code breaks} within the first {@code limit} chars, or 0. */
    private static int lastBreak(String text, int limit, String breaks) {
        for (int i = limit - 1; i > 0; i--) {
            if (breaks.indexOf(text.charAt(i)) >= 0) {
                return i + 1;
            }
        }
        return 0;
    }

    static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static int utf8Length(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }
}
