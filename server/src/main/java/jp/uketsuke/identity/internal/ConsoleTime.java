package jp.uketsuke.identity.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Times as the console shows them: Japan time, as the call pages do. */
final class ConsoleTime {

    static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private ConsoleTime() {
    }

    /** Blank for no time (never signed in, no expiry). */
    static String format(Instant instant) {
        return instant == null ? "" : TIME.format(instant.atZone(ZONE));
    }
}
