package jp.uketsuke.console.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.FlowDocuments;
import jp.uketsuke.voicebot.FlowEditing;
import jp.uketsuke.voicebot.FlowProblem;
import jp.uketsuke.voicebot.Node;
import org.springframework.context.MessageSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The call flow (通話フロー, F9) for holders of {@code flows:edit}: the draft's nodes as forms, its diagram and what
 * stops it from being published; add, change and delete nodes, choose the start, edit the whole as JSON, import and
 * export, publish. Every change saves the draft (invalid drafts too, with their problems shown); a change that is not a
 * flow at all stores nothing and says why.
 */
@Controller
class FlowController {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final FlowEditing flows;
    private final FlowPages pages;
    private final FlowTrees trees;
    private final MessageSource messages;

    FlowController(FlowEditing flows, FlowPages pages, FlowTrees trees, MessageSource messages) {
        this.flows = flows;
        this.pages = pages;
        this.trees = trees;
        this.messages = messages;
    }

    /** One node's form. */
    record NodeView(String id, String type, boolean start, List<NodeForm.FieldView> fields, List<String> problems) {
    }

    @RequiresPermission(Permissions.FLOWS_EDIT)
    @GetMapping("/flow")
    String show(@RequestParam(required = false) UUID tenant, HttpServletRequest request, Model model) {
        FlowPages.Scope scope = pages.scope(request, tenant);
        return page(scope, flows.draft(scope.viewer(), scope.tenant()), null, null, null, model);
    }

    @RequiresPermission(Permissions.FLOWS_EDIT)
    @PostMapping("/flow/nodes/{id}")
    String editNode(@PathVariable String id, @RequestParam(required = false) UUID tenant,
                    @RequestParam Map<String, String> form, HttpServletRequest request,
                    HttpServletResponse response, Model model) {
        FlowPages.Scope scope = pages.scope(request, tenant);
        FlowEditing.Draft draft = flows.draft(scope.viewer(), scope.tenant());
        ObjectNode tree = trees.tree(draft.flow());
        ArrayNode nodes = (ArrayNode) tree.get("nodes");
        int index = indexOf(nodes, id);
        if (index < 0) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        try {
            nodes.set(index, NodeForm.edited((ObjectNode) nodes.get(index), form, draft.flow().nodesById().keySet()));
        } catch (IllegalArgumentException e) {
            return refused(scope, draft, e.getMessage(), null, response, model);
        }
        return save(scope, draft, tree, response, model);
    }

    @RequiresPermission(Permissions.FLOWS_EDIT)
    @PostMapping("/flow/nodes")
    String addNode(@RequestParam(required = false) UUID tenant, @RequestParam(defaultValue = "") String type,
                   @RequestParam(defaultValue = "") String id, @RequestParam(defaultValue = "") String target,
                   HttpServletRequest request, HttpServletResponse response, Locale locale, Model model) {
        FlowPages.Scope scope = pages.scope(request, tenant);
        FlowEditing.Draft draft = flows.draft(scope.viewer(), scope.tenant());
        Set<String> ids = draft.flow().nodesById().keySet();
        String newId = id.strip();
        if (!NodeForm.TYPES.contains(type) || !ids.contains(target)) {
            return refused(scope, draft, "flow.error.addForm", null, response, model);
        }
        if (ids.contains(newId) || !Node.ID.matcher(newId).matches()) {
            return refused(scope, draft, "flow.error.newId", null, response, model);
        }
        ObjectNode tree = trees.tree(draft.flow());
        ((ArrayNode) tree.get("nodes")).add(NodeForm.created(type, newId, target,
                messages.getMessage("flow.add.prompt", null, locale)));
        return save(scope, draft, tree, response, model);
    }

    @RequiresPermission(Permissions.FLOWS_EDIT)
    @PostMapping("/flow/nodes/{id}/delete")
    String deleteNode(@PathVariable String id, @RequestParam(required = false) UUID tenant,
                      HttpServletRequest request, HttpServletResponse response, Model model) {
        FlowPages.Scope scope = pages.scope(request, tenant);
        FlowEditing.Draft draft = flows.draft(scope.viewer(), scope.tenant());
        ObjectNode tree = trees.tree(draft.flow());
        ArrayNode nodes = (ArrayNode) tree.get("nodes");
        int index = indexOf(nodes, id);
        if (index < 0) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        nodes.remove(index);
        return save(scope, draft, tree, response, model);
    }

    @RequiresPermission(Permissions.FLOWS_EDIT)
    @PostMapping("/flow/start")
    String start(@RequestParam(required = false) UUID tenant, @RequestParam(defaultValue = "") String start,
                 HttpServletRequest request, HttpServletResponse response, Model model) {
        FlowPages.Scope scope = pages.scope(request, tenant);
        FlowEditing.Draft draft = flows.draft(scope.viewer(), scope.tenant());
        if (!draft.flow().nodesById().containsKey(start)) {
            return refused(scope, draft, "flow.error.addForm", null, response, model);
        }
        ObjectNode tree = trees.tree(draft.flow());
        tree.put("start", start);
        return save(scope, draft, tree, response, model);
    }

    /** The whole draft as JSON typed into the page: read exactly as an imported file. */
    @RequiresPermission(Permissions.FLOWS_EDIT)
    @PostMapping("/flow/json")
    String json(@RequestParam(required = false) UUID tenant, @RequestParam(defaultValue = "") String document,
                HttpServletRequest request, HttpServletResponse response, Model model) {
        FlowPages.Scope scope = pages.scope(request, tenant);
        return imported(scope, document.getBytes(StandardCharsets.UTF_8), document, response, model);
    }

    @RequiresPermission(Permissions.FLOWS_EDIT)
    @PostMapping("/flow/import")
    String importFile(@RequestParam(required = false) UUID tenant,
                      @RequestParam(name = "file", required = false) MultipartFile file, HttpServletRequest request,
                      HttpServletResponse response, Model model) throws IOException {
        FlowPages.Scope scope = pages.scope(request, tenant);
        if (file == null || file.isEmpty()) {
            return refused(scope, flows.draft(scope.viewer(), scope.tenant()), "flow.error.noFile", null, response,
                    model);
        }
        if (file.getSize() > FlowDocuments.MAX_BYTES) { // read no further than the limit
            return refused(scope, flows.draft(scope.viewer(), scope.tenant()), "flow.error.tooLarge", null,
                    response, model);
        }
        return imported(scope, file.getBytes(), null, response, model);
    }

    @RequiresPermission(Permissions.FLOWS_EDIT)
    @GetMapping("/flow/export")
    ResponseEntity<byte[]> export(@RequestParam(required = false) UUID tenant, HttpServletRequest request) {
        FlowPages.Scope scope = pages.scope(request, tenant);
        return download(flows.exportDraft(scope.viewer(), scope.tenant()), "flow-draft.json");
    }

    @RequiresPermission(Permissions.FLOWS_EDIT)
    @PostMapping("/flow/publish")
    String publish(@RequestParam(required = false) UUID tenant, HttpServletRequest request,
                   HttpServletResponse response, Model model) {
        FlowPages.Scope scope = pages.scope(request, tenant);
        try {
            FlowEditing.Version version = flows.publish(scope.viewer(), scope.tenant());
            return "redirect:/flow/versions?tenant=" + scope.tenant() + "&published=" + version.number();
        } catch (FlowEditing.FlowRejected rejected) {
            return refused(scope, flows.draft(scope.viewer(), scope.tenant()), "flow.error.publish", null, response,
                    model);
        } catch (IllegalStateException raced) {
            return refused(scope, flows.draft(scope.viewer(), scope.tenant()), "flow.error.raced", null, response,
                    model);
        }
    }

    static ResponseEntity<byte[]> download(byte[] document, String name) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build()
                        .toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(document);
    }

    private String imported(FlowPages.Scope scope, byte[] document, String typed, HttpServletResponse response,
                            Model model) {
        try {
            flows.importDraft(scope.viewer(), scope.tenant(), document);
        } catch (FlowDocuments.InvalidFlowDocument invalid) {
            return refused(scope, flows.draft(scope.viewer(), scope.tenant()), invalid.getMessage(), typed,
                    response, model);
        }
        return "redirect:/flow?tenant=" + scope.tenant() + "&saved";
    }

    /** Reads the changed tree as a flow and saves it; a tree that is no flow stores nothing. */
    private String save(FlowPages.Scope scope, FlowEditing.Draft draft, ObjectNode tree,
                        HttpServletResponse response, Model model) {
        Flow flow;
        try {
            flow = trees.flow(tree);
        } catch (FlowDocuments.InvalidFlowDocument invalid) {
            return refused(scope, draft, invalid.getMessage(), null, response, model);
        }
        flows.saveDraft(scope.viewer(), scope.tenant(), flow);
        return "redirect:/flow?tenant=" + scope.tenant() + "&saved";
    }

    /**
     * The page again with status 400 and why: {@code reason} is a message key ("flow.error.…") or the flow
     * document's own explanation.
     */
    private String refused(FlowPages.Scope scope, FlowEditing.Draft draft, String reason, String typed,
                           HttpServletResponse response, Model model) {
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        boolean key = reason.startsWith("flow.error.");
        return page(scope, draft, key ? reason : "flow.error.invalid", key ? null : reason, typed, model);
    }

    private String page(FlowPages.Scope scope, FlowEditing.Draft draft, String error, String detail, String typed,
                        Model model) {
        pages.common(scope, "flow", model);
        Flow flow = draft.flow();
        ObjectNode tree = trees.tree(flow);
        Set<String> faulty = new HashSet<>();
        draft.problems().stream().map(FlowProblem::node).filter(n -> n != null).forEach(faulty::add);
        List<NodeView> nodes = new java.util.ArrayList<>();
        for (JsonNode node : tree.get("nodes")) {
            String id = node.path("id").asString("");
            nodes.add(new NodeView(id, node.path("type").asString(""), id.equals(flow.start()),
                    NodeForm.view(node), draft.problems().stream().filter(p -> id.equals(p.node()))
                            .map(FlowProblem::message).toList()));
        }
        model.addAttribute("draft", draft);
        model.addAttribute("savedAt", draft.savedAt() == null ? null : TIME.format(draft.savedAt().atZone(TOKYO)));
        model.addAttribute("nodes", nodes);
        model.addAttribute("nodeIds", List.copyOf(flow.nodesById().keySet()));
        model.addAttribute("types", NodeForm.TYPES);
        model.addAttribute("diagram", FlowDiagram.of(flow, faulty));
        model.addAttribute("document", typed != null ? typed : new String(FlowDocuments.write(flow),
                StandardCharsets.UTF_8));
        model.addAttribute("error", error);
        model.addAttribute("detail", detail);
        return "flow";
    }

    private static int indexOf(ArrayNode nodes, String id) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).path("id").asString("").equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
