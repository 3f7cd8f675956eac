package jp.uketsuke.notify.internal;

import java.net.URI;
import java.util.function.Supplier;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import jp.uketsuke.calls.CallDetail;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.calls.Speaker;
import jp.uketsuke.calls.TranscriptTurn;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.notify.DataLevel;
import jp.uketsuke.notify.Notice;
import jp.uketsuke.redaction.Redactor;
import jp.uketsuke.summary.CallSummaries;
import jp.uketsuke.summary.ShownSummary;
import org.springframework.context.MessageSource;

/**
 * Makes a delivery's {@link Notice} at the moment it is sent, at the destination's {@link DataLevel} then (S8): a level
 * lowered after the call was queued is the level that counts. The call is read through {@link CallHistory} and
 * {@link CallSummaries} as the audited system actor {@value CallEvaluator#ACTOR}, holding {@code transcripts:unredacted}
 * only for a FULL destination; a SUMMARY notice is passed through {@link Redactor} once more as a whole, so no number
 * a caller spoke reaches it even if a field upstream were left unmasked. Japanese first, then English.
 */
final class NoticeRenderer {

    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final Locale JA = Locale.JAPANESE;
    private static final Locale EN = Locale.ENGLISH;
    /** The whole transcript of a FULL notice is cut here: chat services refuse long messages. */
    static final int MAX_TRANSCRIPT_CHARS = 20_000;

    private final CallHistory history;
    private final CallSummaries summaries;
    private final MessageSource messages;
    private final Supplier<URI> console;

    NoticeRenderer(CallHistory history, CallSummaries summaries, MessageSource messages, Supplier<URI> console) {
        this.history = history;
        this.summaries = summaries;
        this.messages = messages;
        this.console = console;
    }

    /** The call's notice, empty when the call is gone (deleted, or not the tenant's). */
    Optional<Notice> call(DeliveryRows.Delivery delivery, DataLevel level) {
        Set<String> permissions = level == DataLevel.FULL
                ? Set.of(Permissions.CALLS_READ, Permissions.TRANSCRIPTS_UNREDACTED) : Set.of(Permissions.CALLS_READ);
        Viewer system = new Viewer(CallEvaluator.ACTOR, Set.of(delivery.tenantId()), permissions, null);
        Optional<CallDetail> found = history.find(system, delivery.callId());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        CallDetail call = found.get();
        String outcomeKey = "outcome." + call.summary().outcome().name();
        String subject = both("notify.notice.call.subject", outcomeKey);
        List<String> lines = new ArrayList<>();
        lines.add(text("notify.notice.outcome", JA) + ": " + text(outcomeKey, JA) + " / " + text(outcomeKey, EN));
        lines.add(text("notify.notice.time", JA) + ": " + TIME.format(call.summary().startedAt().atZone(JAPAN)) + " (JST)");
        if (level != DataLevel.LINK) {
            lines.add(text("notify.notice.caller", JA) + ": " + call.summary().callerMasked());
            Optional<ShownSummary> summary = summaries.find(system, delivery.callId());
            summary.ifPresent(s -> summaryLines(s, level, lines));
            if (summary.isEmpty()) {
                lines.add(text("notify.notice.no-summary", JA) + " / " + text("notify.notice.no-summary", EN));
            }
            if (call.purpose() != null && !call.purpose().isBlank()) {
                lines.add(text("notify.notice.purpose", JA) + ": " + call.purpose());
            }
        }
        if (level == DataLevel.FULL) {
            lines.add(text("notify.notice.transcript", JA) + ":");
            lines.addAll(transcript(call.turns()));
        }
        if (level == DataLevel.SUMMARY) {
            // belt and braces: whatever a field upstream let through, no number leaves at this level
            lines.replaceAll(Redactor::redact);
        }
        return Optional.of(new Notice(delivery.id(), subject, lines, link(delivery)));
    }

    private void summaryLines(ShownSummary s, DataLevel level, List<String> lines) {
        lines.add(text("summary.category", JA) + ": " + text("summary.category." + s.category().name(), JA)
                + " / " + text("summary.category." + s.category().name(), EN));
        lines.add(text("summary.urgency", JA) + ": " + text("summary.urgency." + s.urgency().name(), JA));
        if (level == DataLevel.FULL && s.callerName() != null) {
            lines.add(text("summary.name", JA) + ": " + s.callerName());
        }
        if (s.callbackNumber() != null) {
            lines.add(text("summary.callback", JA) + ": " + s.callbackNumber());
        }
        if (s.requested() != null) {
            lines.add(text("summary.requested", JA) + ": " + s.requested());
        }
    }

    private List<String> transcript(List<TranscriptTurn> turns) {
        List<String> lines = new ArrayList<>();
        int chars = 0;
        for (TranscriptTurn turn : turns) {
            String line = (turn.speaker() == Speaker.CALLER ? text("notify.notice.speaker.caller", JA)
                    : text("notify.notice.speaker.bot", JA)) + ": " + turn.text();
            chars += line.length();
            if (chars > MAX_TRANSCRIPT_CHARS) {
                lines.add(text("notify.notice.transcript.cut", JA));
                break;
            }
            lines.add(line);
        }
        return lines;
    }

    Notice verification(DeliveryRows.Delivery delivery, String code) {
        return new Notice(delivery.id(), both("notify.notice.verify.subject", null),
                List.of(text("notify.notice.verify.body", JA, code), text("notify.notice.verify.body", EN, code)), null);
    }

    Notice test(DeliveryRows.Delivery delivery) {
        return new Notice(delivery.id(), both("notify.notice.test.subject", null),
                List.of(text("notify.notice.test.body", JA), text("notify.notice.test.body", EN)), null);
    }

    Notice announcement(DeliveryRows.Delivery delivery, String payload) {
        return new Notice(delivery.id(), both("notify.notice.announce.subject", null), payload.lines().toList(),
                console.get().resolve("/notifications"));
    }

    private URI link(DeliveryRows.Delivery delivery) {
        return console.get().resolve("/calls/" + delivery.callId());
    }

    /** "【受付】伝言を受付 / [Uketsuke] Message taken". */
    private String both(String key, String argumentKey) {
        return text(key, JA, argumentKey == null ? null : text(argumentKey, JA)) + " / "
                + text(key, EN, argumentKey == null ? null : text(argumentKey, EN));
    }

    String text(String key, Locale locale, Object... arguments) {
        return messages.getMessage(key, arguments, key, locale);
    }

    static String time(Instant at) {
        return TIME.format(at.atZone(JAPAN)) + " (JST)";
    }
}
