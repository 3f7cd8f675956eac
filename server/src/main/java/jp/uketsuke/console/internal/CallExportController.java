package jp.uketsuke.console.internal;

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
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.calls.ExportPeriod;
import jp.uketsuke.exports.ExportApprovals;
import jp.uketsuke.exports.ExportFiles;
import jp.uketsuke.exports.ExportRefused;
import jp.uketsuke.exports.ExportRequest;
import jp.uketsuke.exports.ExportState;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.tenancy.Tenants;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * Bulk export of calls as CSV (S9) for holders of {@code calls:export}: the export page (a form, my requests, requests
 * awaiting my approval), the direct download when the tenant does not require approval, and the four-eyes steps
 * (request, approve or reject, download once) when it does. Each file says who took it out and when, in its name and
 * on every line. Recordings are never exported.
 */
@Controller
class CallExportController {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");

    private final CallHistory history;
    private final ExportApprovals approvals;
    private final CurrentViewer viewers;
    private final Tenants tenants;
    private final Clock clock;

    CallExportController(CallHistory history, ExportApprovals approvals, CurrentViewer viewers, Tenants tenants,
                         Clock clock) {
        this.history = history;
        this.approvals = approvals;
        this.viewers = viewers;
        this.tenants = tenants;
        this.clock = clock;
    }

    /** A request as the export page lists it. */
    record RequestRow(UUID id, String requester, String period, String reason, String stateKey, String requestedAt,
                      String decidedBy, String downloadUntil, boolean downloadable) {
    }

    @RequiresPermission(Permissions.CALLS_EXPORT)
    @GetMapping("/calls/export")
    String page(@RequestParam(required = false) UUID tenant, HttpServletRequest request, Model model) {
        Viewer viewer = viewers.of(request);
        return page(viewer, ManagedTenants.chosen(viewer, Permissions.CALLS_EXPORT, tenant), null, null, null, null, model);
    }

    /** The calls of a period as CSV, straight away: only when the tenant does not require approval. */
    @RequiresPermission(Permissions.CALLS_EXPORT)
    @GetMapping("/calls/export.csv")
    String direct(@RequestParam(required = false) String tenant, @RequestParam(required = false) String from,
                  @RequestParam(required = false) String to, @RequestParam(required = false) String limit,
                  HttpServletRequest request, HttpServletResponse response, Model model) throws IOException {
        Viewer viewer = viewers.of(request);
        UUID tenantId = tenant == null || tenant.isBlank() ? viewer.ownTenant().orElseThrow(ConsoleRequests::notFound)
                : ConsoleRequests.parseOrNotFound(tenant.strip());
        if (!viewer.may(Permissions.CALLS_EXPORT, tenantId)) {
            throw ConsoleRequests.notFound();
        }
        ExportPeriod period = period(from, to, limit);
        try {
            approvals.allowDirect(viewer, tenantId);
        } catch (ExportRefused e) {
            return refused(viewer, tenantId, e, response, model);
        }
        CallHistory.CallExport export = history.export(viewer, tenantId, period.from(), period.to(), period.maxRows())
                .orElseThrow(ConsoleRequests::notFound);
        write(export, viewer, period.from(), period.to(), response);
        return null;
    }

    @RequiresPermission(Permissions.CALLS_EXPORT)
    @PostMapping("/calls/export/requests")
    String ask(@RequestParam(required = false) UUID tenant, @RequestParam(required = false) String from,
               @RequestParam(required = false) String to, @RequestParam(required = false) String reason,
               HttpServletRequest request, HttpServletResponse response, Model model) {
        Viewer viewer = viewers.of(request);
        UUID chosen = ManagedTenants.chosen(viewer, Permissions.CALLS_EXPORT, tenant);
        ExportPeriod period;
        try {
            period = ExportPeriod.parse(from, to, null, today());
        } catch (IllegalArgumentException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return page(viewer, chosen, "ia.export.error.period", from, to, reason, model);
        }
        try {
            approvals.request(viewer, chosen, period.from(), period.to(), period.maxRows(), reason);
        } catch (ExportRefused e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return page(viewer, chosen, "ia.export.refused." + e.reason().name(), from, to, reason, model);
        }
        return "redirect:/calls/export?tenant=" + chosen + "&requested";
    }

    @RequiresPermission(Permissions.CALLS_EXPORT)
    @PostMapping("/calls/export/requests/{requestId}/approve")
    String approve(@PathVariable String requestId, HttpServletRequest request, HttpServletResponse response, Model model) {
        return decide(requestId, true, request, response, model);
    }

    @RequiresPermission(Permissions.CALLS_EXPORT)
    @PostMapping("/calls/export/requests/{requestId}/reject")
    String reject(@PathVariable String requestId, HttpServletRequest request, HttpServletResponse response, Model model) {
        return decide(requestId, false, request, response, model);
    }

    /** The one download of an approved request, by its requester. */
    @RequiresPermission(Permissions.CALLS_EXPORT)
    @GetMapping("/calls/export/requests/{requestId}/download.csv")
    String download(@PathVariable String requestId, HttpServletRequest request, HttpServletResponse response,
                    Model model) throws IOException {
        Viewer viewer = viewers.of(request);
        UUID id = ConsoleRequests.parseOrNotFound(requestId);
        ExportRequest claimed;
        try {
            claimed = approvals.claimDownload(viewer, id);
        } catch (ExportRefused e) {
            return refused(viewer, null, e, response, model);
        }
        CallHistory.CallExport export = history.export(viewer, claimed.tenantId(), claimed.from(), claimed.to(),
                claimed.maxRows()).orElseThrow(ConsoleRequests::notFound);
        write(export, viewer, claimed.from(), claimed.to(), response);
        return null;
    }

    private String decide(String requestId, boolean approve, HttpServletRequest request, HttpServletResponse response,
                          Model model) {
        Viewer viewer = viewers.of(request);
        UUID id = ConsoleRequests.parseOrNotFound(requestId);
        ExportRequest decided;
        try {
            decided = approve ? approvals.approve(viewer, id) : approvals.reject(viewer, id);
        } catch (ExportRefused e) {
            return refused(viewer, null, e, response, model);
        }
        return "redirect:/calls/export?tenant=" + decided.tenantId() + (approve ? "&approved" : "&rejected");
    }

    /** A refused step: absent ids are 404 like any other; the rest the export page explains, with a fitting status. */
    private String refused(Viewer viewer, UUID tenantId, ExportRefused e, HttpServletResponse response, Model model) {
        HttpStatus status = switch (e.reason()) {
            case NOT_FOUND -> throw ConsoleRequests.notFound();
            case APPROVAL_REQUIRED, OWN_REQUEST, NOT_REQUESTER -> HttpStatus.FORBIDDEN;
            case ALREADY_DECIDED, NOT_APPROVED, REJECTED -> HttpStatus.CONFLICT;
            case ALREADY_DOWNLOADED, EXPIRED -> HttpStatus.GONE;
            case BAD_REASON -> HttpStatus.BAD_REQUEST;
        };
        response.setStatus(status.value());
        UUID shown = tenantId != null ? tenantId : ManagedTenants.of(viewer, Permissions.CALLS_EXPORT).getFirst();
        return page(viewer, shown, "ia.export.refused." + e.reason().name(), null, null, null, model);
    }

    private String page(Viewer viewer, UUID tenant, String error, String from, String to, String reason, Model model) {
        LocalDate today = today();
        boolean fourEyes = approvals.fourEyes(tenant);
        List<ExportRequest> requests = approvals.requests(viewer, tenant);
        model.addAttribute("tenant", tenant);
        model.addAttribute("tenants", ManagedTenants.of(viewer, Permissions.CALLS_EXPORT).stream()
                .map(id -> new ConsoleRequests.TenantChoice(id, tenants.name(id).orElse(id.toString())))
                .sorted(Comparator.comparing(ConsoleRequests.TenantChoice::name)).toList());
        model.addAttribute("fourEyes", fourEyes);
        model.addAttribute("error", error);
        model.addAttribute("from", from != null ? from : today.minusDays(29).toString());
        model.addAttribute("to", to != null ? to : today.toString());
        model.addAttribute("reason", reason);
        model.addAttribute("maxDays", CallHistory.MAX_EXPORT_PERIOD.toDays());
        model.addAttribute("downloadHours", ExportApprovals.DOWNLOAD_WINDOW.toHours());
        model.addAttribute("mine", requests.stream().filter(r -> r.requester().equals(viewer.actor()))
                .map(r -> row(r, viewer)).toList());
        model.addAttribute("awaiting", requests.stream()
                .filter(r -> r.state() == ExportState.REQUESTED && !r.requester().equals(viewer.actor()))
                .map(r -> row(r, viewer)).toList());
        return "calls-export";
    }

    private RequestRow row(ExportRequest r, Viewer viewer) {
        Instant now = clock.instant();
        return new RequestRow(r.id(), ConsoleActors.readable(r.requester()),
                DAY.format(r.from().atZone(CallView.ZONE)) + "–" + DAY.format(r.to().atZone(CallView.ZONE).minusDays(1)),
                r.reason(), "ia.export.state." + r.state().name(), TIME.format(r.requestedAt().atZone(CallView.ZONE)),
                r.decidedBy() == null ? "" : ConsoleActors.readable(r.decidedBy()),
                r.downloadExpiresAt() == null ? "" : TIME.format(r.downloadExpiresAt().atZone(CallView.ZONE)),
                r.state() == ExportState.APPROVED && r.requester().equals(viewer.actor())
                        && r.downloadExpiresAt() != null && r.downloadExpiresAt().isAfter(now));
    }

    private ExportPeriod period(String from, String to, String limit) {
        try {
            return ExportPeriod.parse(from, to, limit, today());
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(CallView.ZONE));
    }

    /** The response headers of a call export, then the CSV itself, stamped with who and when. */
    private void write(CallHistory.CallExport export, Viewer viewer, Instant from, Instant to,
                       HttpServletResponse response) throws IOException {
        Instant now = clock.instant();
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                "attachment; filename=\"" + ExportFiles.callsFileName(from, to, viewer.actor(), now) + "\"");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader("Uketsuke-Export-Redacted", String.valueOf(export.redacted()));
        response.setHeader("Uketsuke-Export-Truncated", String.valueOf(export.truncated()));
        try (Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8))) {
            export.writeCsv(out, viewer.actor(), now);
        }
    }
}
