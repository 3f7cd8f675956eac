package jp.uketsuke.console.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.calls.CallListRequest;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.calls.CallPage;
import jp.uketsuke.calls.CallQuery;
import jp.uketsuke.calls.CallStatus;
import jp.uketsuke.calls.InvalidCallQueryException;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.summary.PurposeCategory;
import jp.uketsuke.tenancy.Tenants;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The call list operators work in all day (F7): filters as GET parameters (bookmarkable), keyset pages, and live
 * updates — a stream of call events ({@link LiveCallFeed}) after which the page reloads its first page's rows through
 * {@code /calls/rows}, the same audited read. Every read goes through {@link CallHistory}.
 * <p>
 * A caller's number never travels in a URL the console makes, where browser history, bookmarks and access logs would
 * keep it: it is posted to {@code /calls/caller}, which answers with a redirect to the list filtered by
 * {@code callerRef}, the tenant's keyed index of the number ({@link CallHistory#callerReference}). A {@code caller}
 * parameter in a GET is refused rather than ignored, so that no one takes a wider list for the one they asked for.
 */
@Controller
class CallListController {

    static final int PAGE_SIZE = 50;
    static final Set<String> CATEGORIES = Arrays.stream(PurposeCategory.values()).map(Enum::name)
            .collect(Collectors.toUnmodifiableSet());

    private final CallHistory history;
    private final CurrentViewer viewers;
    private final Tenants tenants;
    private final Clock clock;
    private final LiveCallFeed feed;

    CallListController(CallHistory history, CurrentViewer viewers, Tenants tenants, Clock clock, LiveCallFeed feed) {
        this.history = history;
        this.viewers = viewers;
        this.tenants = tenants;
        this.clock = clock;
        this.feed = feed;
    }

    @RequiresPermission(Permissions.CALLS_READ)
    @GetMapping("/calls")
    String list(@RequestParam(required = false) String tenant, @ModelAttribute("filters") CallListRequest filters,
                HttpServletRequest request, HttpServletResponse response, Model model) {
        Viewer viewer = viewers.of(request);
        return page(viewer, selectedTenant(viewer, choices(viewer, tenants), tenant), filters,
                numberInUrl(filters) ? "callerInUrl" : null, response, model);
    }

    /**
     * The number search: the number comes in the form's body and leaves as the tenant's reference for it, in the
     * redirect to the list with the other filters the form carried. An empty number clears the search.
     */
    @RequiresPermission(Permissions.CALLS_READ)
    @PostMapping("/calls/caller")
    String searchCaller(@RequestParam(required = false) String tenant, @ModelAttribute("filters") CallListRequest posted,
                        HttpServletRequest request, HttpServletResponse response, Model model) {
        Viewer viewer = viewers.of(request);
        UUID tenantId = tenantOrNotFound(viewer, tenant);
        CallListRequest kept = posted.withCallerRef(null);
        if (posted.caller() == null || posted.caller().isBlank()) {
            return "redirect:" + url("/calls", tenantId, kept);
        }
        Optional<String> reference;
        try {
            reference = history.callerReference(viewer, tenantId, posted.caller());
        } catch (InvalidCallQueryException e) {
            // the page again, with the other filters and without the number that could not be read
            model.addAttribute("filters", kept);
            return page(viewer, Optional.of(tenantId), kept, "caller", response, model);
        }
        return "redirect:" + url("/calls", tenantId, kept.withCallerRef(reference.orElseThrow(ConsoleRequests::notFound)));
    }

    /** @param refused a field to name as unreadable before anything is read, or null */
    private String page(Viewer viewer, Optional<UUID> selected, CallListRequest filters, String refused,
                        HttpServletResponse response, Model model) {
        List<ConsoleRequests.TenantChoice> choices = choices(viewer, tenants);
        model.addAttribute("tenants", choices);
        model.addAttribute("showTenantPicker", choices.size() > 1);
        model.addAttribute("selectedTenant", selected.orElse(null));
        model.addAttribute("statuses", CallStatus.values());
        model.addAttribute("outcomes", CallOutcome.values());
        model.addAttribute("categories", PurposeCategory.values());
        model.addAttribute("calls", List.of());
        model.addAttribute("mayExport", selected.filter(t -> viewer.may(Permissions.CALLS_EXPORT, t)).isPresent());
        LocalDate today = LocalDate.now(clock.withZone(CallView.ZONE));
        model.addAttribute("exportFrom", today.minusDays(29));
        model.addAttribute("exportTo", today);
        if (selected.isEmpty()) {
            return "calls";
        }
        UUID tenantId = selected.get();
        CallListRequest withoutCursor = filters.withoutCursor();
        model.addAttribute("rowsUrl", url("/calls/rows", tenantId, withoutCursor));
        model.addAttribute("streamUrl", url("/calls/live", tenantId, CallListRequest.none()));
        model.addAttribute("firstPageUrl", url("/calls", tenantId, withoutCursor));
        model.addAttribute("laterPage", filters.cursor() != null && !filters.cursor().isBlank());
        model.addAttribute("keptFilters", parameters(filters.withCallerRef(null)));
        boolean byCaller = filters.callerRef() != null && !filters.callerRef().isBlank();
        model.addAttribute("callerFilter", byCaller);
        model.addAttribute("clearCallerUrl", url("/calls", tenantId, filters.withCallerRef(null)));
        CallPage page;
        try {
            if (refused != null) {
                throw new InvalidCallQueryException(refused, refused);
            }
            page = history.query(viewer, filters.toQuery(tenantId, viewer.actor(), CATEGORIES, PAGE_SIZE));
        } catch (InvalidCallQueryException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("invalidField", e.field());
            model.addAttribute("errorKey", switch (e.field()) {
                case "callerInUrl", "callerRef" -> "listpolish.error." + e.field();
                default -> "calllist.error." + e.field();
            });
            return "calls";
        }
        List<ListedCallView> rows = page.calls().stream().map(ListedCallView::of).toList();
        model.addAttribute("calls", rows);
        // every call listed is from the number searched for: the first one's masked number says which it was
        model.addAttribute("callerMasked", byCaller && !rows.isEmpty() && !"—".equals(rows.getFirst().caller())
                ? rows.getFirst().caller() : null);
        model.addAttribute("nextPageUrl", page.next() == null ? null
                : url("/calls", tenantId, filters.withCursor(page.next())));
        return "calls";
    }

    /** A number in a GET (an old bookmark, a hand-made link): refused, and never put into a link of ours. */
    private static boolean numberInUrl(CallListRequest filters) {
        return filters.caller() != null && !filters.caller().isBlank();
    }

    /** The first page's rows for these filters, as the list's table body: what the page reloads on a call event. */
    @RequiresPermission(Permissions.CALLS_READ)
    @GetMapping("/calls/rows")
    String rows(@RequestParam(required = false) String tenant, @ModelAttribute("filters") CallListRequest filters,
                HttpServletRequest request, Model model) {
        Viewer viewer = viewers.of(request);
        UUID tenantId = tenantOrNotFound(viewer, tenant);
        if (numberInUrl(filters)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "a number is searched for by POST /calls/caller");
        }
        CallQuery query;
        try {
            query = filters.toQuery(tenantId, viewer.actor(), CATEGORIES, PAGE_SIZE).firstPage();
        } catch (InvalidCallQueryException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        model.addAttribute("calls", history.query(viewer, query).calls().stream().map(ListedCallView::of).toList());
        return "calls :: rows";
    }

    /**
     * The tenant's call events as server-sent events: ids and "started"/"ended" only. 404 for a tenant the viewer may
     * not read; 429 when the session or the server has as many streams open as allowed (the page then says that it
     * no longer updates by itself).
     */
    @RequiresPermission(Permissions.CALLS_READ)
    @GetMapping(path = "/calls/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<SseEmitter> live(@RequestParam(required = false) String tenant, HttpServletRequest request) {
        Viewer viewer = viewers.of(request);
        UUID tenantId = tenantOrNotFound(viewer, tenant);
        if (!viewer.may(Permissions.CALLS_READ, tenantId)) {
            throw ConsoleRequests.notFound();
        }
        var session = request.getSession(false);
        String key = session != null ? session.getId() : viewer.actor();
        return feed.open(tenantId, key)
                .map(emitter -> ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store")
                        // no proxy buffering, or events would arrive in bursts
                        .header("X-Accel-Buffering", "no").body(emitter))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                        .header(HttpHeaders.RETRY_AFTER, "60").build());
    }

    static List<ConsoleRequests.TenantChoice> choices(Viewer viewer, Tenants tenants) {
        return viewer.tenants().stream()
                .map(id -> new ConsoleRequests.TenantChoice(id, tenants.name(id).orElse(id.toString())))
                .sorted(Comparator.comparing(ConsoleRequests.TenantChoice::name)
                        .thenComparing(ConsoleRequests.TenantChoice::id))
                .toList();
    }

    /** The tenant asked for, if the viewer has it (else 404); without one, the first of the viewer's. */
    static Optional<UUID> selectedTenant(Viewer viewer, List<ConsoleRequests.TenantChoice> choices, String tenant) {
        if (tenant == null || tenant.isBlank()) {
            return choices.stream().findFirst().map(ConsoleRequests.TenantChoice::id);
        }
        UUID id = ConsoleRequests.parseOrNotFound(tenant.strip());
        if (!viewer.tenants().contains(id)) {
            throw ConsoleRequests.notFound();
        }
        return Optional.of(id);
    }

    private UUID tenantOrNotFound(Viewer viewer, String tenant) {
        return selectedTenant(viewer, choices(viewer, tenants), tenant).orElseThrow(ConsoleRequests::notFound);
    }

    /** A link with only the filters that are set; never a caller's number, whatever the filters hold. */
    static String url(String path, UUID tenantId, CallListRequest f) {
        UriComponentsBuilder b = UriComponentsBuilder.fromPath(path).queryParam("tenant", tenantId);
        parameters(f).forEach(b::queryParam);
        return b.encode().build().toUriString();
    }

    /** The filters that are set, by parameter name, without the caller's number (which is only ever posted). */
    static Map<String, String> parameters(CallListRequest f) {
        String[][] pairs = {{"from", f.from()}, {"to", f.to()}, {"status", f.status()}, {"outcome", f.outcome()},
                {"category", f.category()}, {"tag", f.tag()}, {"blocked", f.blocked()}, {"mine", f.mine()},
                {"callerRef", f.callerRef()}, {"cursor", f.cursor()}};
        Map<String, String> set = new LinkedHashMap<>();
        for (String[] p : pairs) {
            if (p[1] != null && !p[1].isBlank()) {
                set.put(p[0], p[1]);
            }
        }
        return set;
    }
}
