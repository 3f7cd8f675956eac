package jp.uketsuke.console.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.voicebot.FaqEntry;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.FlowEditing;
import jp.uketsuke.voicebot.FlowProblem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The FAQ of the draft flow (F3) for holders of {@code flows:edit}: each entry's phrasings (one a line), answer and
 * optional key; add, change, delete. Saved into the draft, published with the flow.
 */
@Controller
class FlowFaqController {

    private static final Pattern ENTRY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,39}");
    private static final int MAX_ANSWER = 1000;
    private static final int MAX_PHRASES = 50;

    private final FlowEditing flows;
    private final FlowPages pages;

    FlowFaqController(FlowEditing flows, FlowPages pages) {
        this.flows = flows;
        this.pages = pages;
    }

    /** An entry as the form shows it. */
    record EntryView(String id, String phrases, String answer, String key) {
    }

    @RequiresPermission(Permissions.FLOWS_EDIT)
    @GetMapping("/flow/faq")
    String show(@RequestParam(required = false) UUID tenant, HttpServletRequest request, Model model) {
        FlowPages.Scope scope = pages.scope(request, tenant);
        return page(scope, flows.draft(scope.viewer(), scope.tenant()), null, model);
    }

    @RequiresPermission(Permissions.FLOWS_EDIT)
    @PostMapping("/flow/faq")
    String add(@RequestParam(required = false) UUID tenant, @RequestParam(defaultValue = "") String id,
               @RequestParam(defaultValue = "") String phrases, @RequestParam(defaultValue = "") String answer,
               @RequestParam(defaultValue = "") String key, HttpServletRequest request,
               HttpServletResponse response, Model model) {
        FlowPages.Scope scope = pages.scope(request, tenant);
        FlowEditing.Draft draft = flows.draft(scope.viewer(), scope.tenant());
        if (draft.flow().faq().stream().anyMatch(e -> e.id().equals(id.strip()))) {
            return refused(scope, draft, "flow.faq.error.duplicate", response, model);
        }
        List<FaqEntry> faq = new ArrayList<>(draft.flow().faq());
        try {
            faq.add(entry(id, phrases, answer, key));
        } catch (IllegalArgumentException e) {
            return refused(scope, draft, "flow.faq.error.entry", response, model);
        }
        return save(scope, draft, faq, response, model);
    }

    @RequiresPermission(Permissions.FLOWS_EDIT)
    @PostMapping("/flow/faq/{id}")
    String edit(@PathVariable String id, @RequestParam(required = false) UUID tenant,
                @RequestParam(defaultValue = "") String phrases, @RequestParam(defaultValue = "") String answer,
                @RequestParam(defaultValue = "") String key, HttpServletRequest request,
                HttpServletResponse response, Model model) {
        FlowPages.Scope scope = pages.scope(request, tenant);
        FlowEditing.Draft draft = flows.draft(scope.viewer(), scope.tenant());
        List<FaqEntry> faq = new ArrayList<>(draft.flow().faq());
        int index = indexOf(faq, id);
        try {
            faq.set(index, entry(id, phrases, answer, key));
        } catch (IllegalArgumentException e) {
            return refused(scope, draft, "flow.faq.error.entry", response, model);
        }
        return save(scope, draft, faq, response, model);
    }

    @RequiresPermission(Permissions.FLOWS_EDIT)
    @PostMapping("/flow/faq/{id}/delete")
    String delete(@PathVariable String id, @RequestParam(required = false) UUID tenant, HttpServletRequest request,
                  HttpServletResponse response, Model model) {
        FlowPages.Scope scope = pages.scope(request, tenant);
        FlowEditing.Draft draft = flows.draft(scope.viewer(), scope.tenant());
        List<FaqEntry> faq = new ArrayList<>(draft.flow().faq());
        faq.remove(indexOf(faq, id));
        return save(scope, draft, faq, response, model);
    }

    /** @throws IllegalArgumentException when a field cannot be right */
    private static FaqEntry entry(String id, String phrases, String answer, String key) {
        String entryId = id.strip();
        if (!ENTRY_ID.matcher(entryId).matches()) {
            throw new IllegalArgumentException("an FAQ entry's id is 1-40 letters, digits, - or _");
        }
        List<String> lines = phrases.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String text = answer.strip().replace("\r\n", "\n");
        if (lines.size() > MAX_PHRASES || lines.stream().anyMatch(l -> l.length() > 200)
                || text.length() > MAX_ANSWER || text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            throw new IllegalArgumentException("too long");
        }
        String digit = key.strip();
        if (!digit.isEmpty() && !digit.matches("[0-9*#]")) {
            throw new IllegalArgumentException("a key is one of 0-9, * or #");
        }
        return new FaqEntry(entryId, lines, text, digit.isEmpty() ? null : digit.charAt(0));
    }

    private static int indexOf(List<FaqEntry> faq, String id) {
        for (int i = 0; i < faq.size(); i++) {
            if (faq.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new ResponseStatusException(HttpStatus.NOT_FOUND);
    }

    private String save(FlowPages.Scope scope, FlowEditing.Draft draft, List<FaqEntry> faq,
                        HttpServletResponse response, Model model) {
        Flow before = draft.flow();
        Flow after;
        try {
            after = new Flow(before.language(), before.start(), before.nodes(), faq, before.departments(),
                    before.hours());
        } catch (IllegalArgumentException e) {
            return refused(scope, draft, "flow.faq.error.entry", response, model);
        }
        flows.saveDraft(scope.viewer(), scope.tenant(), after);
        return "redirect:/flow/faq?tenant=" + scope.tenant() + "&saved";
    }

    private String refused(FlowPages.Scope scope, FlowEditing.Draft draft, String error, HttpServletResponse response,
                           Model model) {
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        return page(scope, draft, error, model);
    }

    private String page(FlowPages.Scope scope, FlowEditing.Draft draft, String error, Model model) {
        pages.common(scope, "faq", model);
        model.addAttribute("entries", draft.flow().faq().stream()
                .map(e -> new EntryView(e.id(), String.join("\n", e.phrases()), e.answer(),
                        e.digit() == null ? "" : String.valueOf(e.digit())))
                .toList());
        // what the FAQ index says of the whole FAQ (too many entries, phrases it cannot read) belongs here
        model.addAttribute("problems", draft.problems().stream().filter(p -> p.node() == null)
                .map(FlowProblem::message).toList());
        model.addAttribute("error", error);
        return "flow-faq";
    }
}
