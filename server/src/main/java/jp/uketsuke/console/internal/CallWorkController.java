package jp.uketsuke.console.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import jp.uketsuke.calls.CallStatus;
import jp.uketsuke.handling.CallNotes;
import jp.uketsuke.handling.CallWork;
import jp.uketsuke.handling.Callbacks;
import jp.uketsuke.handling.HandlingRefused;
import jp.uketsuke.handling.NoteInput;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.summary.PurposeCategory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The call page's forms (F7): status, assignee, tags, notes and callbacks. Working a call needs only {@code calls:read}
 * in its tenant, like reading it: whoever may see a call is who answers it, and every change is in the operation log.
 * A change made from a stale page, or with bad input, shows the page again with a message (409 or 400) and what was
 * typed; success returns to the page (POST, redirect, GET).
 */
@Controller
class CallWorkController {

    private final CallPage page;
    private final CallWork work;
    private final CallNotes notes;
    private final Callbacks callbacks;
    private final CurrentViewer viewers;

    CallWorkController(CallPage page, CallWork work, CallNotes notes, Callbacks callbacks, CurrentViewer viewers) {
        this.page = page;
        this.work = work;
        this.notes = notes;
        this.callbacks = callbacks;
        this.viewers = viewers;
    }

    @RequiresPermission(Permissions.CALLS_READ)
    @PostMapping("/calls/{callId}/status")
    String status(@PathVariable String callId, @RequestParam(defaultValue = "") String version,
                  @RequestParam(defaultValue = "") String status, HttpServletRequest request,
                  HttpServletResponse response, Model model) {
        UUID id = ConsoleRequests.parseOrNotFound(callId);
        Viewer viewer = viewers.of(request);
        CallStatus chosen = choice(status);
        if (chosen == null) {
            return refused(viewer, id, HttpStatus.BAD_REQUEST, "work.error.STATUS", null, response, model);
        }
        return change(viewer, id, "handling", response, model, () -> work.moveTo(viewer, id, version(version), chosen));
    }

    @RequiresPermission(Permissions.CALLS_READ)
    @PostMapping("/calls/{callId}/assignee")
    String assignee(@PathVariable String callId, @RequestParam(defaultValue = "") String version,
                    @RequestParam(defaultValue = "") String assignee, @RequestParam(defaultValue = "false") boolean me,
                    HttpServletRequest request, HttpServletResponse response, Model model) {
        UUID id = ConsoleRequests.parseOrNotFound(callId);
        Viewer viewer = viewers.of(request);
        String chosen = me ? viewer.actor() : assignee;
        return change(viewer, id, "handling", response, model, () -> work.assign(viewer, id, version(version), chosen));
    }

    /** Adds {@code add}, or removes {@code remove}: one tag per request. */
    @RequiresPermission(Permissions.CALLS_READ)
    @PostMapping("/calls/{callId}/tags")
    String tags(@PathVariable String callId, @RequestParam(defaultValue = "") String version,
                @RequestParam(required = false) String add, @RequestParam(required = false) String remove,
                HttpServletRequest request, HttpServletResponse response, Model model) {
        UUID id = ConsoleRequests.parseOrNotFound(callId);
        Viewer viewer = viewers.of(request);
        if ((add == null) == (remove == null)) {
            return refused(viewer, id, HttpStatus.BAD_REQUEST, "work.error.TAG", null, response, model);
        }
        return change(viewer, id, "handling", response, model, () -> add != null
                ? work.tag(viewer, id, version(version), add) : work.untag(viewer, id, version(version), remove));
    }

    @RequiresPermission(Permissions.CALLS_READ)
    @PostMapping("/calls/{callId}/notes")
    String note(@PathVariable String callId, @RequestParam(required = false) String callerName,
                @RequestParam(required = false) String company, @RequestParam(defaultValue = "") String category,
                @RequestParam(required = false) String text,
                @RequestParam(defaultValue = "false") boolean callbackNeeded,
                @RequestParam(required = false) String callbackNumber, @RequestParam(required = false) String callbackBy,
                HttpServletRequest request, HttpServletResponse response, Model model) {
        UUID id = ConsoleRequests.parseOrNotFound(callId);
        Viewer viewer = viewers.of(request);
        NoteForm typed = NoteForm.typed(callerName, company, category, text, callbackNeeded, callbackNumber, callbackBy);
        PurposeCategory purpose = Enums.choice(PurposeCategory.class, category);
        Instant by;
        try {
            by = WorkViews.parseLocal(callbackBy);
        } catch (IllegalArgumentException e) {
            return refused(viewer, id, HttpStatus.BAD_REQUEST, "work.error.DUE", typed, response, model);
        }
        if (purpose == null) {
            return refused(viewer, id, HttpStatus.BAD_REQUEST, "work.error.CATEGORY", typed, response, model);
        }
        try {
            NoteInput input = new NoteInput(callerName, company, purpose, text, callbackNeeded, callbackNumber, by);
            notes.add(viewer, id, input).orElseThrow(ConsoleRequests::notFound);
        } catch (HandlingRefused e) {
            return refused(viewer, id, status(e), "work.error." + e.reason().name(), typed, response, model);
        }
        return "redirect:/calls/" + id + "#notes";
    }

    @RequiresPermission(Permissions.CALLS_READ)
    @PostMapping("/calls/{callId}/callbacks")
    String callback(@PathVariable String callId, @RequestParam(defaultValue = "") String number,
                    @RequestParam(defaultValue = "") String dueAt, @RequestParam(required = false) String assignee,
                    HttpServletRequest request, HttpServletResponse response, Model model) {
        UUID id = ConsoleRequests.parseOrNotFound(callId);
        Viewer viewer = viewers.of(request);
        Instant due;
        try {
            due = WorkViews.parseLocal(dueAt);
        } catch (IllegalArgumentException e) {
            return refused(viewer, id, HttpStatus.BAD_REQUEST, "work.error.DUE", null, response, model);
        }
        return change(viewer, id, "callbacks", response, model, () -> callbacks.create(viewer, id, number, due, assignee));
    }

    /** Runs a change; not found → 404, refused → the page again with the reason, done → back to the page. */
    private String change(Viewer viewer, UUID id, String anchor, HttpServletResponse response, Model model,
                          Supplier<Optional<?>> change) {
        try {
            change.get().orElseThrow(ConsoleRequests::notFound);
        } catch (HandlingRefused e) {
            return refused(viewer, id, status(e), "work.error." + e.reason().name(), null, response, model);
        }
        return "redirect:/calls/" + id + "#" + anchor;
    }

    private String refused(Viewer viewer, UUID id, HttpStatus status, String messageKey, NoteForm form,
                           HttpServletResponse response, Model model) {
        String view = page.show(viewer, id, form, messageKey, model);
        response.setStatus(status.value());
        return view;
    }

    static HttpStatus status(HandlingRefused e) {
        return e.reason() == HandlingRefused.Reason.STALE ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST;
    }

    /** A version the page sent; anything else is no version any call has, so the change is refused as stale. */
    static int version(String value) {
        try {
            return value.length() > 10 ? -1 : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static CallStatus choice(String status) {
        return Enums.choice(CallStatus.class, status);
    }
}
