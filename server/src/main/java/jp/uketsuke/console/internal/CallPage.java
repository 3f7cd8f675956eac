package jp.uketsuke.console.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import jp.uketsuke.calls.CallDetail;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.calls.CallStatus;
import jp.uketsuke.handling.CallHandling;
import jp.uketsuke.handling.CallNotes;
import jp.uketsuke.handling.CallWork;
import jp.uketsuke.handling.Callbacks;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.screening.ScreeningFeedback;
import jp.uketsuke.sms.CallTextMessages;
import jp.uketsuke.summary.CallSummaries;
import jp.uketsuke.summary.PurposeCategory;
import jp.uketsuke.summary.ShownSummary;
import jp.uketsuke.tenancy.Tenants;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * Everything the call page shows, read through the modules that check and audit: the call and transcript, summary,
 * texts, screening label, and how the team handles it (status, assignee, tags, notes, callbacks). Shared by the page
 * itself and by the forms on it, which show the page again with a message when a change is refused.
 */
@Component
class CallPage {

    private final CallHistory history;
    private final CallSummaries summaries;
    private final CallTextMessages texts;
    private final ScreeningFeedback screening;
    private final Tenants tenants;
    private final CallWork work;
    private final CallNotes notes;
    private final Callbacks callbacks;
    private final Clock clock;

    CallPage(CallHistory history, CallSummaries summaries, CallTextMessages texts, ScreeningFeedback screening,
             Tenants tenants, CallWork work, CallNotes notes, Callbacks callbacks, Clock clock) {
        this.history = history;
        this.summaries = summaries;
        this.texts = texts;
        this.screening = screening;
        this.tenants = tenants;
        this.work = work;
        this.notes = notes;
        this.callbacks = callbacks;
        this.clock = clock;
    }

    /**
     * Fills the model and returns the view name; 404 for a call the viewer may not see.
     *
     * @param noteForm what the note form shows; null: prefilled from the summary, or blank
     * @param error    a message key for the change that was refused, or null
     */
    String show(Viewer viewer, UUID callId, NoteForm noteForm, String error, Model model) {
        CallDetail call = history.find(viewer, callId).orElseThrow(ConsoleRequests::notFound);
        UUID id = call.summary().id();
        UUID tenant = call.summary().tenantId();
        model.addAttribute("call", CallView.of(call.summary()));
        model.addAttribute("turns", call.turns().stream().map(TurnView::of).toList());
        model.addAttribute("purpose", call.purpose());
        model.addAttribute("redacted", call.redacted());
        ShownSummary summary = summaries.find(viewer, id).orElse(null);
        model.addAttribute("summary", summary == null ? null : SummaryView.of(summary));
        model.addAttribute("flowVersion", call.flowVersion());
        model.addAttribute("texts", texts.ofCall(viewer, id));
        model.addAttribute("tenantName", tenants.name(tenant).orElse(""));
        model.addAttribute("mayPlay", call.summary().hasRecording() && viewer.may(Permissions.RECORDINGS_PLAY, tenant));
        // the screening buttons (F4): whoever may teach the tenant's classifier
        model.addAttribute("mayTrainScreening", viewer.may(Permissions.SCREENING_TRAIN, tenant));
        model.addAttribute("screeningLabel", screening.labelOf(viewer, tenant, id).map(Enum::name).orElse(null));

        CallHandling handling = work.handling(viewer, id).orElseThrow(ConsoleRequests::notFound);
        model.addAttribute("handling", WorkViews.HandlingView.of(handling));
        model.addAttribute("statuses", Arrays.stream(CallStatus.values()).map(Enum::name).toList());
        model.addAttribute("assignees", work.assignees(viewer, tenant));
        model.addAttribute("me", viewer.actor());
        model.addAttribute("tagSuggestions", work.tenantTags(viewer, tenant).stream()
                .filter(t -> !handling.tags().contains(t)).limit(50).toList());
        model.addAttribute("notes", notes.notes(viewer, id).orElse(List.of()).stream().map(WorkViews.NoteView::of).toList());
        Instant now = clock.instant();
        model.addAttribute("callbacks", callbacks.ofCall(viewer, id).orElse(List.of()).stream()
                .map(c -> WorkViews.CallbackView.of(c, now, null)).toList());
        model.addAttribute("categories", Arrays.stream(PurposeCategory.values()).map(Enum::name).toList());
        model.addAttribute("noteForm", noteForm != null ? noteForm
                : summary != null ? NoteForm.from(summary, call.purpose()) : NoteForm.blank());
        model.addAttribute("noteFromSummary", noteForm == null && summary != null);
        model.addAttribute("workError", error);
        return "call";
    }
}
