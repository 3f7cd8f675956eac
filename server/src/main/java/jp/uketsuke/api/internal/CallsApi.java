package jp.uketsuke.api.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Map;
import java.util.UUID;
import jp.uketsuke.calls.CallDetail;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.calls.CallListRequest;
import jp.uketsuke.calls.CallPage;
import jp.uketsuke.calls.InvalidCallQueryException;
import jp.uketsuke.calls.ListedCall;
import jp.uketsuke.calls.CallSummary;
import jp.uketsuke.calls.ExportPeriod;
import jp.uketsuke.calls.TranscriptTurn;
import jp.uketsuke.exports.ExportApprovals;
import jp.uketsuke.exports.ExportFiles;
import jp.uketsuke.exports.ExportRefused;
import jp.uketsuke.handling.CallHandling;
import jp.uketsuke.handling.CallNotes;
import jp.uketsuke.handling.CallWork;
import jp.uketsuke.handling.ShownNote;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.summary.CallSummaries;
import jp.uketsuke.summary.PurposeCategory;
import jp.uketsuke.summary.ShownSummary;
import jp.uketsuke.summary.Summary;
import org.springframework.http.HttpHeaders;
import jp.uketsuke.sms.CallTextMessages;
import jp.uketsuke.sms.TextMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read-only REST access to the API key's tenant's calls, and their export as CSV (S9). Bad ids and other tenants' ids
 * are the same 404. What callers said is masked for a key without {@code transcripts:unredacted} (S8).
 */
@RestController
@RequestMapping(path = "/api/v1/calls", produces = "application/json")
class CallsApi {

    static final int MAX_LIMIT = 200;

    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

    private final CallHistory history;
    private final CurrentViewer viewers;
    private final Clock clock;
    private final CallSummaries summaries;
    private final CallTextMessages texts;
    private final CallWork work;
    private final CallNotes notes;
    private final ExportApprovals approvals;

    CallsApi(CallHistory history, CurrentViewer viewers, Clock clock, CallSummaries summaries,
             CallTextMessages texts, CallWork work, CallNotes notes, ExportApprovals approvals) {
        this.work = work;
        this.notes = notes;
        this.approvals = approvals;
        this.history = history;
        this.viewers = viewers;
        this.clock = clock;
        this.summaries = summaries;
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

    /** Name and number null or masked as for the viewer; requested date "YYYY-MM-DD", time "HH:MM", part of day. */
    record SummaryJson(String category, String callerName, String callbackNumber, String requestedDate,
                       String requestedTime, String requestedPartOfDay, String urgency, String method, boolean masked) {

        static SummaryJson of(ShownSummary s) {
            var r = s.requested();
            return new SummaryJson(s.category().name(), s.callerName(), s.callbackNumber(),
                    r == null || r.date() == null ? null : r.date().toString(),
                    r == null || r.time() == null ? null : r.time().toString(),
                    r == null || r.part() == null ? null : r.part().name(), s.urgency().name(), s.method().name(),
                    s.masked());
        }

        /** A summary of words the viewer typed themselves (a simulation): nothing to mask. */
        static SummaryJson of(Summary s) {
            return of(new ShownSummary(s.category(), s.callerName(), s.callbackNumber(), s.requested(), s.urgency(),
                    s.method(), false, false));
        }
    }

    /** A text message of the call (F6): its destination masked. */
    record TextJson(Instant createdAt, String text, String destination, String status, int attempts, String lastError) {

        static TextJson of(TextMessage m) {
            return new TextJson(m.createdAt(), m.text(), m.destination(), m.status(), m.attempts(), m.lastError());
        }
    }

    /** Name null and the rest masked as for the viewer; {@code callbackBy} an instant. */
    record NoteJson(UUID id, String author, Instant createdAt, String category, String callerName, String company,
                    String text, boolean callbackNeeded, String callbackNumber, Instant callbackBy, boolean masked) {

        static NoteJson of(ShownNote n) {
            return new NoteJson(n.id(), n.author(), n.createdAt(), n.category().name(), n.callerName(), n.company(),
                    n.text(), n.callbackNeeded(), n.callbackNumber(), n.callbackBy(), n.masked());
        }
    }

    /**
     * {@code status}: OPEN, IN_PROGRESS or DONE; {@code assignee}: an actor such as "user:tanaka", or null;
     * {@code tags}: normalised; {@code notes}: newest first.
     * {@code redacted}: phone numbers, addresses and the like in turns and purpose are masked for this key;
     * {@code summary} is null until the call has one;
     * {@code texts}: the call's text messages (F6), destinations masked.
     */
    record CallDetailJson(CallJson call, List<TurnJson> turns, String purpose, int flowVersion, boolean redacted,
                          SummaryJson summary, List<TextJson> texts, String status, String assignee,
                          List<String> tags, List<NoteJson> notes) {
    }

    /**
     * One page of calls, newest first, with the console's filters ({@link CallListRequest}: from, to, status,
     * outcome, category, tag, blocked, mine, caller) and keyset paging: {@code next} is the cursor of the following
     * page, or null. Bad parameters are a 400 naming the parameter.
     * <p>
     * {@code caller} still works here but is discouraged: TLS hides a query string on the wire, yet the server's,
     * proxies' and the client's own access logs keep it, and with it the caller's number. Search by number with
     * {@link #search} ({@code POST /api/v1/calls/search}), which carries it in the body.
     */
    @RequiresPermission(Permissions.CALLS_READ)
    @GetMapping
    ResponseEntity<?> list(@RequestParam(defaultValue = "50") String limit, @ModelAttribute CallListRequest filters,
                           HttpServletRequest request) {
        int bounded;
        try {
            bounded = Math.clamp(Integer.parseInt(limit.strip()), 1, MAX_LIMIT);
        } catch (NumberFormatException e) {
            return ResponseEntity.badRequest().body(Map.of("error", "limit must be a number", "parameter", "limit"));
        }
        return page(viewers.of(request), filters, bounded);
    }

    /** A search is small: a dozen short fields. */
    static final int MAX_SEARCH_BYTES = 4 * 1024;

    /**
     * The list's filters in a JSON body, so that a caller's number stays out of URLs and access logs:
     * {@code {"caller": "090-1234-5678", "status": "OPEN", "limit": 50}}. Fields as {@link SearchJson}; the answer
     * and the paging are those of {@code GET /api/v1/calls} (the next page: the same body with {@code cursor}).
     * A body that is not such an object is a 400, one larger than 4 KiB a 413. Audited as {@code call.search} when it
     * looks for a number ({@code call.list} otherwise), the number itself never.
     */
    @RequiresPermission(Permissions.CALLS_READ)
    @PostMapping(path = "/search", consumes = "application/json")
    ResponseEntity<?> search(HttpServletRequest request) {
        SearchJson search;
        try {
            search = SimulationsApi.JSON.readValue(SimulationsApi.boundedBody(request, MAX_SEARCH_BYTES), SearchJson.class);
        } catch (SimulationsApi.BodyTooLarge e) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                    .body(Map.of("error", "the search is larger than " + MAX_SEARCH_BYTES + " bytes"));
        } catch (IOException | tools.jackson.core.JacksonException e) {
            // not the parser's words: they could quote the body, and with it a number
            return ResponseEntity.badRequest().body(Map.of("error", "the search must be a JSON object of from, to,"
                    + " status, outcome, category, tag, blocked, mine, caller, cursor and limit, each at most once"));
        }
        if (search == null) {
            return ResponseEntity.badRequest().body(Map.of("error", "the search must be a JSON object"));
        }
        int limit = search.limit() == null ? 50 : search.limit();
        if (limit < 1 || limit > MAX_LIMIT) {
            return ResponseEntity.badRequest().body(Map.of("error", "limit is 1 to " + MAX_LIMIT, "parameter", "limit"));
        }
        return page(viewers.of(request), search.toRequest(), limit);
    }

    /**
     * The body of {@code POST /api/v1/calls/search}: as the GET parameters, {@code mine} a boolean, {@code limit} 1 to
     * 200 (50 if absent). Unknown fields are refused.
     */
    record SearchJson(String from, String to, String status, String outcome, String category, String tag,
                      String blocked, Boolean mine, String caller, String cursor, Integer limit) {

        CallListRequest toRequest() {
            return new CallListRequest(from, to, status, outcome, category, tag, blocked,
                    Boolean.TRUE.equals(mine) ? "true" : null, caller, null, cursor);
        }
    }

    private ResponseEntity<?> page(Viewer viewer, CallListRequest filters, int bounded) {
        // an API key belongs to exactly one tenant
        UUID tenant = viewer.tenants().iterator().next();
        CallPage page;
        try {
            page = history.query(viewer, filters.toQuery(tenant, viewer.actor(), CATEGORIES, bounded));
        } catch (InvalidCallQueryException e) {
            return ResponseEntity.badRequest().body(Map.of("error", e.getMessage(), "parameter", e.field()));
        }
        return ResponseEntity.ok(new CallListJson(page.calls().stream().map(ListedCallJson::of).toList(), page.next()));
    }

    static final Set<String> CATEGORIES = Arrays.stream(PurposeCategory.values()).map(Enum::name)
            .collect(Collectors.toUnmodifiableSet());

    /** {@code next}: the cursor of the following page, null on the last. */
    record CallListJson(List<ListedCallJson> calls, String next) {
    }

    /** A call of the list: the call's fields as before, plus handling status, assignee, tags and purpose category. */
    record ListedCallJson(UUID id, Instant startedAt, long durationSeconds, String caller, String dialed, String outcome,
                          boolean hasRecording, String status, String assignee, List<String> tags, String category) {

        static ListedCallJson of(ListedCall l) {
            CallJson c = CallJson.of(l.call());
            return new ListedCallJson(c.id(), c.startedAt(), c.durationSeconds(), c.caller(), c.dialed(), c.outcome(),
                    c.hasRecording(), l.status().name(), l.assignee(), l.tags(), l.category());
        }
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
                .<ResponseEntity<?>>map(d -> ResponseEntity.ok(detail(d,
                        summaries.find(viewer, d.summary().id()).map(SummaryJson::of).orElse(null),
                        texts.ofCall(viewer, d.summary().id()), work.handling(viewer, d.summary().id()).orElseThrow(),
                        notes.notes(viewer, d.summary().id()).orElse(List.of()))))
                .orElseGet(CallsApi::notFound);
    }

    /**
     * The key's tenant's calls of a period as CSV: {@code from} and {@code to} are days in Japan time ("to" included),
     * {@code limit} at most {@link CallHistory#MAX_EXPORT_ROWS}. Bad input is a 400 saying why. When the tenant requires
     * a second person's approval for exports (four-eyes, S9), a key cannot export at all: 403
     * {@code {"error":"four_eyes_approval_required"}}; a person requests the export in the console instead. The file is
     * named and stamped with the key and the time, as the console's.
     */
    @RequiresPermission(Permissions.CALLS_EXPORT)
    @GetMapping(path = "/export.csv", produces = {"text/csv", "application/json"})
    void export(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                @RequestParam(required = false) String limit, HttpServletRequest request,
                HttpServletResponse response) throws IOException {
        Viewer viewer = viewers.of(request);
        UUID tenant = viewer.tenants().iterator().next();
        ExportPeriod period;
        try {
            period = ExportPeriod.parse(from, to, limit, LocalDate.now(clock.withZone(JAPAN)));
        } catch (IllegalArgumentException e) {
            error(response, HttpStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        try {
            approvals.allowDirect(viewer, tenant);
        } catch (ExportRefused e) {
            error(response, HttpStatus.FORBIDDEN, "four_eyes_approval_required");
            return;
        }
        var export = history.export(viewer, tenant, period.from(), period.to(), period.maxRows());
        if (export.isEmpty()) {
            error(response, HttpStatus.NOT_FOUND, "not_found");
            return;
        }
        Instant now = clock.instant();
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\""
                + ExportFiles.callsFileName(period.from(), period.to(), viewer.actor(), now) + "\"");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader("Uketsuke-Export-Redacted", String.valueOf(export.get().redacted()));
        response.setHeader("Uketsuke-Export-Truncated", String.valueOf(export.get().truncated()));
        try (Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8))) {
            export.get().writeCsv(out, viewer.actor(), now);
        }
    }

    private static CallDetailJson detail(CallDetail d, SummaryJson summary, List<TextMessage> texts,
                                         CallHandling handling, List<ShownNote> notes) {
        return new CallDetailJson(CallJson.of(d.summary()), d.turns().stream().map(TurnJson::of).toList(), d.purpose(),
                d.flowVersion(), d.redacted(), summary, texts.stream().map(TextJson::of).toList(),
                handling.status().name(), handling.assignee(), handling.tags(),
                notes.stream().map(NoteJson::of).toList());
    }

    private static ResponseEntity<Map<String, String>> notFound() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "not_found"));
    }

    /** The API's JSON error, {"error": "…"} as elsewhere, written by hand: this route answers CSV when all is well. */
    private static void error(HttpServletResponse response, HttpStatus status, String message) throws IOException {
        response.setStatus(status.value());
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        // the messages are our own sentences; escaped all the same
        response.getWriter().write("{\"error\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
    }
}
