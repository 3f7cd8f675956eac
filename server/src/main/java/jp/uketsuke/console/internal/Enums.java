package jp.uketsuke.console.internal;

import java.util.Locale;

/** A form's choice among an enum's names; null for anything else, so a page can say what was wrong. */
final class Enums {

    private Enums() {
    }

    static <E extends Enum<E>> E choice(Class<E> type, String value) {
        if (value == null || value.length() > 40) {
            return null;
        }
        String wanted = value.strip().toUpperCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(wanted)) {
                return e;
            }
        }
        return null;
    }
}
