package jp.uketsuke.summary.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import jp.uketsuke.calls.CallOutcome;

/**
 * What a summariser works from: the caller's side of the transcript (the bot's own prompts would only add its
 * words), the purpose the flow heard, how the call ended and when it began.
 */
record SummaryInput(UUID callId, UUID tenantId, Instant startedAt, String callerText, String purpose,
                    CallOutcome outcome) {

    /** Japanese businesses and their callers speak of days in Japan time. */
    static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");

    SummaryInput {
        callerText = callerText == null ? "" : callerText;
    }

    LocalDate callDay() {
        return startedAt.atZone(ZONE).toLocalDate();
    }

    /** Caller's words and stated purpose together. */
    String allText() {
        return purpose == null || purpose.isBlank() ? callerText : purpose + "\n" + callerText;
    }
}
