package jp.uketsuke.notify.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** Checks of what the notification forms send: lengths and characters, before anything is stored or sent. */
final class FormInput {

    static final int MAX_NAME = 80;
    static final int MAX_ADDRESS = 2000;
    static final int MAX_SECRET = 8000;
    static final int MAX_OPTIONS = 10;

    private FormInput() {
    }

    /** One line of text: no control characters at all, at most {@code max}; {@code field} names the refusal. */
    static String line(String value, int max, String field) {
        String v = value == null ? "" : value.strip();
        if (v.length() > max || v.codePoints().anyMatch(FormInput::control)) {
            throw new NotifyRefusal("notify.error." + field);
        }
        return v;
    }

    /** A secret may be a PEM key: line breaks allowed, nothing else below a space. */
    static String secret(String value) {
        String v = value == null ? "" : value.strip();
        if (v.length() > MAX_SECRET || v.codePoints().anyMatch(c -> control(c) && c != '\n' && c != '\r')) {
            throw new NotifyRefusal("notify.error.secret");
        }
        return v;
    }

    /** "key=value" lines; keys are short identifiers, values one short line. */
    static Map<String, String> options(String text) {
        Map<String, String> options = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return options;
        }
        if (text.length() > 2000) {
            throw new NotifyRefusal("notify.error.options");
        }
        for (String raw : text.split("\\r?\\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new NotifyRefusal("notify.error.options");
            }
            String key = line.substring(0, eq).strip();
            String value = line(line.substring(eq + 1), 200, "options");
            if (!key.matches("[A-Za-z][A-Za-z0-9_-]{0,39}") || options.put(key, value) != null
                    || options.size() > MAX_OPTIONS) {
                throw new NotifyRefusal("notify.error.options");
            }
        }
        return options;
    }

    /** Control characters, including the invisible ones that reorder text (bidi overrides) and line separators. */
    static boolean control(int c) {
        return Character.isISOControl(c) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)
                || c == 0x2028 || c == 0x2029 || c == 0x200E || c == 0x200F;
    }

    static <E extends Enum<E>> E choice(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value == null ? "" : value.strip());
        } catch (IllegalArgumentException e) {
            throw new NotifyRefusal("notify.error." + field);
        }
    }
}
