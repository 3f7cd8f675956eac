package jp.uketsuke.console.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.calls.CallDetail;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.calls.ExportPeriod;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.screening.ScreeningFeedback;
import jp.uketsuke.summary.CallSummaries;
import jp.uketsuke.sms.CallTextMessages;
import jp.uketsuke.tenancy.Tenants;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * One call with its transcript, its recording (F7), and the CSV export of a period's calls (S9). All
 * reads go through {@link CallHistory}, which masks what callers said for whoever may not see it (S8).
 */
@Controller
class CallsController {

    private final CallHistory history;
    private final CurrentViewer viewers;
    private final Tenants tenants;
    private final Clock clock;
    private final CallSummaries summaries;
    private final CallTextMessages texts;
    private final ScreeningFeedback screening;

    CallsController(CallHistory history, CurrentViewer viewers, Tenants tenants, Clock clock, CallSummaries summaries,
                    CallTextMessages texts, ScreeningFeedback screening) {
        this.history = history;
        this.viewers = viewers;
        this.tenants = tenants;
        this.clock = clock;
        this.summaries = summaries;
        this.texts = texts;
        this.screening = screening;
    }

    record TenantChoice(UUID id, String name) {
    }

    @RequiresPermission(Permissions.CALLS_READ)
    @GetMapping("/calls/{callId}")
    String detail(@PathVariable String callId, HttpServletRequest request, Model model) {
        Viewer viewer = viewers.of(request);
        CallDetail call = history.find(viewer, parseOrNotFound(callId)).orElseThrow(CallsController::notFound);
        model.addAttribute("call", CallView.of(call.summary()));
        model.addAttribute("turns", call.turns().stream().map(TurnView::of).toList());
        model.addAttribute("purpose", call.purpose());
        model.addAttribute("redacted", call.redacted());
        model.addAttribute("summary", summaries.find(viewer, call.summary().id()).map(SummaryView::of).orElse(null));
        model.addAttribute("flowVersion", call.flowVersion());
        model.addAttribute("texts", texts.ofCall(viewer, call.summary().id()));
        model.addAttribute("tenantName", tenants.name(call.summary().tenantId()).orElse(""));
        model.addAttribute("mayPlay", call.summary().hasRecording()
                && viewer.may(Permissions.RECORDINGS_PLAY, call.summary().tenantId()));
        // the screening buttons (F4): whoever may teach the tenant's classifier
        model.addAttribute("mayTrainScreening", viewer.may(Permissions.SCREENING_TRAIN, call.summary().tenantId()));
        model.addAttribute("screeningLabel", screening.labelOf(viewer, call.summary().tenantId(), call.summary().id())
                .map(Enum::name).orElse(null));
        return "call";
    }

    /** The calls of a period as CSV; days in Japan time, "to" included. Bad input is a 400, another tenant a 404. */
    @RequiresPermission(Permissions.CALLS_EXPORT)
    @GetMapping("/calls/export.csv")
    void export(@RequestParam(required = false) String tenant, @RequestParam(required = false) String from,
                @RequestParam(required = false) String to, @RequestParam(required = false) String limit,
                HttpServletRequest request, HttpServletResponse response) throws IOException {
        Viewer viewer = viewers.of(request);
        UUID tenantId = tenant == null || tenant.isBlank() ? viewer.ownTenant().orElseThrow(CallsController::notFound)
                : parseOrNotFound(tenant.strip());
        ExportPeriod period;
        try {
            period = ExportPeriod.parse(from, to, limit, LocalDate.now(clock.withZone(CallView.ZONE)));
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        CallHistory.CallExport export = history.export(viewer, tenantId, period.from(), period.to(), period.maxRows())
                .orElseThrow(CallsController::notFound);
        writeCsv(export, "uketsuke-calls-" + period.days() + ".csv", response);
    }

    /** The response headers of a call export, then the CSV itself. */
    private static void writeCsv(CallHistory.CallExport export, String fileName, HttpServletResponse response)
            throws IOException {
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader("Uketsuke-Export-Redacted", String.valueOf(export.redacted()));
        response.setHeader("Uketsuke-Export-Truncated", String.valueOf(export.truncated()));
        try (Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8))) {
            export.writeCsv(out);
        }
    }

    @RequiresPermission(Permissions.RECORDINGS_PLAY)
    @GetMapping("/calls/{callId}/recording.wav")
    void recording(@PathVariable String callId,
                   HttpServletRequest request, HttpServletResponse response) throws IOException {
        Viewer viewer = viewers.of(request);
        CallHistory.Recording recording = history.recording(viewer, parseOrNotFound(callId)).orElseThrow(CallsController::notFound);
        long length = recording.wavLength();
        response.setContentType("audio/wav");
        response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        Optional<ByteRange> range = ByteRange.parse(request.getHeader(HttpHeaders.RANGE), length);
        if (request.getHeader(HttpHeaders.RANGE) != null && range.isEmpty()) {
            response.setStatus(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE.value());
            response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + length);
            return;
        }
        ByteRange bytes = range.orElse(new ByteRange(0, length - 1));
        if (range.isPresent()) {
            response.setStatus(HttpStatus.PARTIAL_CONTENT.value());
            response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes " + bytes.first() + "-" + bytes.last() + "/" + length);
        }
        response.setContentLengthLong(bytes.length());
        if ("HEAD".equals(request.getMethod())) {
            return;
        }
        try (OutputStream out = bytes.window(response.getOutputStream())) {
            recording.writeWav(out);
        }
    }

    static UUID parseOrNotFound(String id) {
        try {
            if (id.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound();
        }
    }

    static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
}
