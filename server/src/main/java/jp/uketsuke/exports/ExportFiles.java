package jp.uketsuke.exports;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The name of an exported file: the period, who took it out and when, e.g.
 * {@code uketsuke-calls-2026-12-01_2026-12-07-by-tanaka-20261207T1530.csv}, so a file found later on a shared drive
 * says whose it is (S9). Only letters, digits, dot, underscore and hyphen: safe in a Content-Disposition header and
 * on every file system.
 */
public final class ExportFiles {

    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm");
    private static final int MAX_WHO = 40;

    private ExportFiles() {
    }

    /** @param from the period's first instant, @param to the first instant after it */
    public static String callsFileName(Instant from, Instant to, String actor, Instant exportedAt) {
        return "uketsuke-calls-" + DAY.format(from.atZone(JAPAN)) + "_" + DAY.format(to.atZone(JAPAN).minusDays(1))
                + "-by-" + who(actor) + "-" + STAMP.format(exportedAt.atZone(JAPAN)) + ".csv";
    }

    /** "user:tanaka" → "tanaka", "apikey:uk_3f9a" → "apikey-uk_3f9a"; anything else reduced to safe characters. */
    public static String who(String actor) {
        String name = actor == null ? "" : actor.startsWith("user:") ? actor.substring(5) : actor;
        String safe = name.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-.]+|[-.]+$", "");
        if (safe.length() > MAX_WHO) {
            safe = safe.substring(0, MAX_WHO);
        }
        return safe.isEmpty() ? "unknown" : safe;
    }
}
