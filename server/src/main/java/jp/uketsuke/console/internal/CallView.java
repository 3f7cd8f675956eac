package jp.uketsuke.console.internal;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import jp.uketsuke.calls.CallSummary;

/** A call as the templates show it; the caller number arrives already masked from the calls module. */
record CallView(UUID id, String startedAt, String duration, String caller, String outcomeKey, boolean hasRecording) {

    /** Japanese businesses read times in Japan time; a per-tenant zone comes with tenant settings. */
    static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    static CallView of(CallSummary call) {
        return new CallView(call.id(), TIME.format(call.startedAt().atZone(ZONE)), clock(call.duration()),
                call.callerMasked() == null || call.callerMasked().isBlank() ? "—" : call.callerMasked(),
                "outcome." + call.outcome().name(), call.hasRecording());
    }

    /** m:ss, or h:mm:ss for calls of an hour or more. */
    static String clock(Duration d) {
        if (d == null || d.isNegative()) {
            return "0:00";
        }
        long s = d.toSeconds();
        return s >= 3600 ? "%d:%02d:%02d".formatted(s / 3600, s / 60 % 60, s % 60) : "%d:%02d".formatted(s / 60, s % 60);
    }
}
