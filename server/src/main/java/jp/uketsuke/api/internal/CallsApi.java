package jp.uketsuke.api.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.uketsuke.calls.CallDetail;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.calls.CallSummary;
import jp.uketsuke.calls.TranscriptTurn;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.sms.CallTextMessages;
import jp.uketsuke.sms.TextMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Read-only REST access to the API key's tenant's calls. Bad ids and other tenants' ids are the same 404. */
@RestController
@RequestMapping(path = "/api/v1/calls", produces = "application/json")
class CallsApi {

    static final int MAX_LIMIT = 200;

    private final CallHistory history;
    private final CurrentViewer viewers;
    private final CallTextMessages texts;

    CallsApi(CallHistory history, CurrentViewer viewers, CallTextMessages texts) {
        this.history = history;
        this.viewers = viewers;
        this.texts = texts;
    }

    record CallJson(UUID id, Instant startedAt, long durationSeconds, String caller, String dialed, String outcome,
                    boolean hasRecording) {

        static CallJson of(CallSummary c) {
            return new CallJson(c.id(), c.startedAt(), c.duration() == null ? 0 : c.duration().toSeconds(),
                    c.callerMasked(), c.dialedNumber(), c.outcome().name(), c.hasRecording());
        }
    }

    record TurnJson(String speaker, long offsetMillis, String text) {

        static TurnJson of(TranscriptTurn t) {
            return new TurnJson(t.speaker().name(), t.offset() == null ? 0 : t.offset().toMillis(), t.text());
        }
    }

    /** A text message of the call (F6): its destination masked. */
    record TextJson(Instant createdAt, String text, String destination, String status, int attempts, String lastError) {

        static TextJson of(TextMessage m) {
            return new TextJson(m.createdAt(), m.text(), m.destination(), m.status(), m.attempts(), m.lastError());
        }
    }

    record CallDetailJson(CallJson call, List<TurnJson> turns, String purpose, int flowVersion, List<TextJson> texts) {
    }

    @RequiresPermission(Permissions.CALLS_READ)
    @GetMapping
    Map<String, List<CallJson>> list(@RequestParam(defaultValue = "50") int limit, HttpServletRequest request) {
        Viewer viewer = viewers.of(request);
        int bounded = Math.clamp(limit, 1, MAX_LIMIT);
        // an API key belongs to exactly one tenant
        UUID tenant = viewer.tenants().iterator().next();
        return Map.of("calls", history.list(viewer, tenant, bounded).stream().map(CallJson::of).toList());
    }

    @RequiresPermission(Permissions.CALLS_READ)
    @GetMapping("/{callId}")
    ResponseEntity<?> find(@PathVariable String callId, HttpServletRequest request) {
        UUID id;
        try {
            id = callId.length() == 36 ? UUID.fromString(callId) : null;
        } catch (IllegalArgumentException e) {
            id = null;
        }
        if (id == null) {
            return notFound();
        }
        Viewer viewer = viewers.of(request);
        return history.find(viewer, id)
                .<ResponseEntity<?>>map(d -> ResponseEntity.ok(detail(d, texts.ofCall(viewer, d.summary().id()))))
                .orElseGet(CallsApi::notFound);
    }

    private static CallDetailJson detail(CallDetail d, List<TextMessage> texts) {
        return new CallDetailJson(CallJson.of(d.summary()), d.turns().stream().map(TurnJson::of).toList(), d.purpose(),
                d.flowVersion(), texts.stream().map(TextJson::of).toList());
    }

    private static ResponseEntity<Map<String, String>> notFound() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "not_found"));
    }
}
