package jp.uketsuke.incidents.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import java.util.UUID;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.incidents.ContainmentMeasure;
import jp.uketsuke.incidents.Incident;
import jp.uketsuke.incidents.IncidentDeadlines;
import jp.uketsuke.incidents.IncidentKind;
import jp.uketsuke.incidents.IncidentRefused;
import jp.uketsuke.incidents.IncidentRefused.Reason;
import jp.uketsuke.incidents.IncidentStep;
import jp.uketsuke.incidents.Incidents;
import jp.uketsuke.tenancy.Tenants;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The incidents pages (S10) for holders of {@code incidents:manage}: the list with a form to open one, and one
 * incident with its report clock, containment buttons, timeline, notes and closing. A closed incident is read-only.
 */
@Controller
class IncidentsController {

    /** The console shows and takes times in Japan time, as the call pages do. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Incidents incidents;
    private final Tenants tenants;
    private final CurrentViewer viewers;
    private final Clock clock;

    IncidentsController(Incidents incidents, Tenants tenants, CurrentViewer viewers, Clock clock) {
        this.incidents = incidents;
        this.tenants = tenants;
        this.viewers = viewers;
        this.clock = clock;
    }

    record TenantChoice(UUID id, String name) {
    }

    record StepRow(IncidentStep step, String at) {
    }

    /** One incident as the list and page show it, with its report clock as of now. */
    record IncidentView(Incident incident, String tenantName, String awareAt, long day, IncidentDeadlines deadlines,
                        IncidentDeadlines.Urgency preliminary, IncidentDeadlines.Urgency finalReport) {
    }

    @RequiresPermission(Permissions.INCIDENTS_MANAGE)
    @GetMapping("/incidents")
    String list(HttpServletRequest request, Model model) {
        return listPage(viewers.of(request), null, model);
    }

    @RequiresPermission(Permissions.INCIDENTS_MANAGE)
    @PostMapping("/incidents")
    String open(@RequestParam(required = false) UUID tenant, @RequestParam(defaultValue = "") String kind,
                @RequestParam(defaultValue = "") String title, @RequestParam(defaultValue = "") String known,
                @RequestParam(defaultValue = "") String awareAt, @RequestParam(defaultValue = "false") String unlawful,
                HttpServletRequest request, HttpServletResponse response, Model model) {
        Viewer viewer = viewers.of(request);
        if (tenant == null || !viewer.may(Permissions.INCIDENTS_MANAGE, tenant)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        IncidentKind parsedKind = Arrays.stream(IncidentKind.values()).filter(k -> k.name().equals(kind)).findFirst().orElse(null);
        Instant aware = tokyoTime(awareAt);
        if (parsedKind == null || aware == null || !(unlawful.equals("true") || unlawful.equals("false"))) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return listPage(viewer, "ia.incidents.error.BAD_INPUT", model);
        }
        try {
            Incident incident = incidents.open(viewer, tenant, parsedKind, title, known, unlawful.equals("true"), aware);
            return "redirect:/incidents/" + incident.id();
        } catch (IncidentRefused refused) {
            response.setStatus(status(refused));
            return listPage(viewer, "ia.incidents.error." + refused.reason(), model);
        }
    }

    @RequiresPermission(Permissions.INCIDENTS_MANAGE)
    @GetMapping("/incidents/{incidentId}")
    String show(@PathVariable UUID incidentId, HttpServletRequest request, Model model) {
        return incidentPage(viewers.of(request), incidentId, null, model);
    }

    @RequiresPermission(Permissions.INCIDENTS_MANAGE)
    @PostMapping("/incidents/{incidentId}/notes")
    String note(@PathVariable UUID incidentId, @RequestParam(defaultValue = "") String note, HttpServletRequest request,
                HttpServletResponse response, Model model) {
        Viewer viewer = viewers.of(request);
        return act(viewer, incidentId, response, model, () -> incidents.addNote(viewer, incidentId, note));
    }

    @RequiresPermission(Permissions.INCIDENTS_MANAGE)
    @PostMapping("/incidents/{incidentId}/contained")
    String contained(@PathVariable UUID incidentId, HttpServletRequest request, HttpServletResponse response, Model model) {
        Viewer viewer = viewers.of(request);
        return act(viewer, incidentId, response, model, () -> incidents.markContained(viewer, incidentId));
    }

    @RequiresPermission(Permissions.INCIDENTS_MANAGE)
    @PostMapping("/incidents/{incidentId}/close")
    String close(@PathVariable UUID incidentId, @RequestParam(defaultValue = "") String cause,
                 @RequestParam(defaultValue = "") String prevention, HttpServletRequest request,
                 HttpServletResponse response, Model model) {
        Viewer viewer = viewers.of(request);
        return act(viewer, incidentId, response, model, () -> incidents.close(viewer, incidentId, cause, prevention));
    }

    @RequiresPermission(Permissions.INCIDENTS_MANAGE)
    @PostMapping("/incidents/{incidentId}/containments")
    String contain(@PathVariable UUID incidentId, @RequestParam(defaultValue = "") String measure,
                   @RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String destination,
                   HttpServletRequest request,
                   HttpServletResponse response, Model model) {
        Viewer viewer = viewers.of(request);
        ContainmentMeasure parsed = Arrays.stream(ContainmentMeasure.values()).filter(m -> m.name().equals(measure))
                .findFirst().orElse(null);
        return act(viewer, incidentId, response, model, () -> {
            if (parsed == null) {
                // the incident is looked up first, so another tenant's stays a 404 whatever the form says
                incidents.find(viewer, incidentId);
                throw new IncidentRefused(Reason.BAD_INPUT);
            }
            incidents.contain(viewer, incidentId, parsed,
                    parsed == ContainmentMeasure.DISABLE_DESTINATION ? destination : username);
        });
    }

    @RequiresPermission(Permissions.INCIDENTS_MANAGE)
    @PostMapping("/incidents/{incidentId}/undo")
    String undo(@PathVariable UUID incidentId, @RequestParam(defaultValue = "") String containment,
                HttpServletRequest request, HttpServletResponse response, Model model) {
        Viewer viewer = viewers.of(request);
        UUID id = uuid(containment);
        return act(viewer, incidentId, response, model, () -> incidents.undo(viewer, incidentId, id));
    }

    private String act(Viewer viewer, UUID incidentId, HttpServletResponse response, Model model, Runnable step) {
        try {
            step.run();
            return "redirect:/incidents/" + incidentId;
        } catch (IncidentRefused refused) {
            response.setStatus(status(refused));
            return incidentPage(viewer, incidentId, "ia.incidents.error." + refused.reason(), model);
        }
    }

    private String listPage(Viewer viewer, String error, Model model) {
        Instant now = clock.instant();
        model.addAttribute("incidents", incidents.list(viewer).stream().map(i -> view(i, now)).toList());
        model.addAttribute("tenants", viewer.tenants().stream().filter(t -> viewer.may(Permissions.INCIDENTS_MANAGE, t))
                .map(t -> new TenantChoice(t, tenants.name(t).orElse(t.toString())))
                .sorted(Comparator.comparing(TenantChoice::name)).toList());
        model.addAttribute("kinds", IncidentKind.values());
        model.addAttribute("now", TIME.format(now.atZone(IncidentDeadlines.TOKYO)));
        model.addAttribute("error", error);
        model.addAttribute("maxTitle", Incidents.MAX_TITLE);
        model.addAttribute("maxText", Incidents.MAX_TEXT);
        return "incidents";
    }

    private String incidentPage(Viewer viewer, UUID incidentId, String error, Model model) {
        Incident incident;
        try {
            incident = incidents.find(viewer, incidentId);
        } catch (IncidentRefused refused) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        model.addAttribute("view", view(incident, clock.instant()));
        model.addAttribute("steps", incidents.timeline(viewer, incidentId).stream()
                .map(s -> new StepRow(s, TIME.format(s.at().atZone(IncidentDeadlines.TOKYO)))).toList());
        model.addAttribute("containments", incidents.containments(viewer, incidentId));
        model.addAttribute("userMeasures", List.of(ContainmentMeasure.SUSPEND_USER, ContainmentMeasure.END_SESSIONS));
        model.addAttribute("destinations", incidents.destinations(viewer, incidentId));
        model.addAttribute("viewerActor", viewer.actor());
        model.addAttribute("error", error);
        model.addAttribute("maxNote", Incidents.MAX_NOTE);
        model.addAttribute("maxText", Incidents.MAX_TEXT);
        return "incident";
    }

    private IncidentView view(Incident incident, Instant now) {
        IncidentDeadlines deadlines = incident.deadlines();
        return new IncidentView(incident, tenants.name(incident.tenantId()).orElse(incident.tenantId().toString()),
                TIME.format(incident.awareAt().atZone(IncidentDeadlines.TOKYO)), deadlines.day(now), deadlines,
                deadlines.preliminary(now), deadlines.finalReport(now));
    }

    private static int status(IncidentRefused refused) {
        if (refused.reason() == Reason.NOT_FOUND) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return HttpStatus.BAD_REQUEST.value();
    }

    /** A time typed in the form (datetime-local, Japan time); null when it cannot be read. */
    static Instant tokyoTime(String value) {
        try {
            return value.length() > 20 ? null : LocalDateTime.parse(value).atZone(IncidentDeadlines.TOKYO).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static UUID uuid(String value) {
        try {
            return value.length() == 36 ? UUID.fromString(value) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

}
