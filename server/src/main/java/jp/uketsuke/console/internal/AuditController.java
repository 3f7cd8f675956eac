package jp.uketsuke.console.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.audit.AuditSearch;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.web.CsvCells;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The operation log (操作ログ) for holders of {@code audit:read}: filtered, newest first, paged, and exported as CSV.
 * A tenant's reader sees their own tenant's events; a platform reader sees platform events (those of no tenant) and
 * the events of the tenants assigned to them. A tenant out of reach in the filter is a 404, like any other id.
 */
@Controller
class AuditController {

    static final int PAGE_SIZE = 100;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");

    private final AuditSearch search;
    private final AuditLog audit;
    private final CurrentViewer viewers;
    private final Tenants tenants;
    private final AuditWording wording;

    AuditController(AuditSearch search, AuditLog audit, CurrentViewer viewers, Tenants tenants, AuditWording wording) {
        this.wording = wording;
        this.search = search;
        this.audit = audit;
        this.viewers = viewers;
        this.tenants = tenants;
    }

    /**
     * One event as the page shows it: the action in words with its code beside it (for filtering), the actor as kind
     * and name, the address with what it is.
     */
    record EventRow(long seq, String time, ConsoleActors.Actor actor, String tenant, String action, String actionCode,
                    String target, String sourceAddress, String result, String resultCode) {
    }

    @RequiresPermission(Permissions.AUDIT_READ)
    @GetMapping("/audit")
    String list(@RequestParam(required = false) String actor, @RequestParam(required = false) String tenant,
                @RequestParam(required = false) String action, @RequestParam(required = false) String from,
                @RequestParam(required = false) String to, @RequestParam(defaultValue = "1") int page,
                HttpServletRequest request, Locale locale, Model model) {
        Viewer viewer = viewers.of(request);
        AuditSearch.Filter filter = filter(actor, tenant, action, from, to, reach(viewer));
        int current = Math.max(1, page);
        // one more than a page tells whether there is a next page without counting the whole table
        List<AuditSearch.RecordedEvent> found = search.find(filter, (long) (current - 1) * PAGE_SIZE, PAGE_SIZE + 1);
        model.addAttribute("events", found.stream().limit(PAGE_SIZE).map(e -> row(e, locale)).toList());
        model.addAttribute("page", current);
        model.addAttribute("hasNext", found.size() > PAGE_SIZE);
        model.addAttribute("actor", blankToNull(actor));
        model.addAttribute("tenant", filter.tenantId());
        model.addAttribute("action", blankToNull(action));
        model.addAttribute("from", blankToNull(from));
        model.addAttribute("to", blankToNull(to));
        model.addAttribute("tenants", filter.reach().tenants().stream()
                .map(id -> new ConsoleRequests.TenantChoice(id, tenants.name(id).orElse(id.toString())))
                .sorted(Comparator.comparing(ConsoleRequests.TenantChoice::name)).toList());
        return "audit";
    }

    @RequiresPermission(Permissions.AUDIT_READ)
    @GetMapping("/audit/export.csv")
    void export(@RequestParam(required = false) String actor, @RequestParam(required = false) String tenant,
                @RequestParam(required = false) String action, @RequestParam(required = false) String from,
                @RequestParam(required = false) String to, HttpServletRequest request,
                HttpServletResponse response) throws IOException {
        Viewer viewer = viewers.of(request);
        AuditSearch.Filter filter = filter(actor, tenant, action, from, to, reach(viewer));
        // recorded before the first byte leaves, so no export goes unlogged; the filter is not personal data
        // a tenant's export is in that tenant's own log, for its other readers to see
        UUID exported = filter.tenantId() != null ? filter.tenantId() : viewer.ownTenant().orElse(null);
        audit.record(new AuditEvent(viewer.actor(), exported, "audit.export", "audit:csv",
                viewer.sourceAddress(), AuditEvent.OK));
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"uketsuke-audit.csv\"");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        try (Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8)) {
            out.write('\uFEFF'); // Excel reads UTF-8 (Japanese tenant names) only with a byte-order mark
            out.write("seq,occurred_at,actor,tenant_id,action,target,source_address,result\r\n");
            search.forEach(filter, e -> {
                try {
                    AuditEvent event = e.event();
                    String tenantId = event.tenantId() == null ? "" : event.tenantId().toString();
                    out.write(String.join(",", String.valueOf(e.seq()), e.occurredAt().toString(),
                            CsvCells.cell(event.actor()), CsvCells.cell(tenantId), CsvCells.cell(event.action()),
                            CsvCells.cell(event.target()), CsvCells.cell(event.sourceAddress()), CsvCells.cell(event.result())));
                    out.write("\r\n");
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
        }
    }

    /** What the viewer may read: tenants where they hold audit:read, and platform events for platform readers. */
    static AuditSearch.Reach reach(Viewer viewer) {
        Set<UUID> tenants = viewer.tenants().stream().filter(t -> viewer.may(Permissions.AUDIT_READ, t))
                .collect(Collectors.toSet());
        return new AuditSearch.Reach(tenants, viewer.mayOnPlatform(Permissions.AUDIT_READ));
    }

    private EventRow row(AuditSearch.RecordedEvent e, Locale locale) {
        AuditEvent event = e.event();
        String tenantName = event.tenantId() == null ? "" : tenants.name(event.tenantId()).orElse(event.tenantId().toString());
        return new EventRow(e.seq(), TIME.format(e.occurredAt().atZone(CallView.ZONE)), ConsoleActors.of(event.actor()),
                tenantName, wording.action(event.action(), locale), event.action(), event.target(),
                wording.address(event.sourceAddress(), locale), wording.result(event.result(), locale), event.result());
    }

    /**
     * Dates are days in Japan time, written 2026-12-07 (a date input) or 2026/12/07; "to" includes its whole day. Bad input is a 400, never a silently wider search;
     * a tenant out of reach is a 404.
     */
    static AuditSearch.Filter filter(String actor, String tenant, String action, String from, String to,
                                     AuditSearch.Reach reach) {
        UUID tenantId = blankToNull(tenant) == null ? null : ConsoleRequests.parseOrNotFound(tenant.strip());
        if (tenantId != null && !reach.includes(tenantId)) {
            throw ConsoleRequests.notFound();
        }
        return new AuditSearch.Filter(blankToNull(actor), tenantId, blankToNull(action), day(from, 0), day(to, 1), reach);
    }

    private static Instant day(String value, int plusDays) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip().replace('/', '-')).plusDays(plusDays).atStartOfDay(CallView.ZONE).toInstant();
        } catch (DateTimeException e) { // unreadable, or a far year with no next day
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
