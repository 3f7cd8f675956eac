package jp.uketsuke.console.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.FlowEditing;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The published versions of a tenant's flow for holders of {@code flows:edit}: when and by whom each was published,
 * which one calls use, rolling back to any of them, and two of them (or one and the draft) side by side.
 */
@Controller
class FlowVersionsController {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    static final String DRAFT = "draft";

    private final FlowEditing flows;
    private final FlowPages pages;
    private final FlowTrees trees;

    FlowVersionsController(FlowEditing flows, FlowPages pages, FlowTrees trees) {
        this.flows = flows;
        this.pages = pages;
        this.trees = trees;
    }

    /** A version's row. */
    record VersionView(int number, String publishedAt, String publishedBy, boolean inUse) {
    }

    @RequiresPermission(Permissions.FLOWS_EDIT)
    @GetMapping("/flow/versions")
    String show(@RequestParam(required = false) UUID tenant, @RequestParam(required = false) String left,
                @RequestParam(required = false) String right, HttpServletRequest request, Model model) {
        FlowPages.Scope scope = pages.scope(request, tenant);
        pages.common(scope, "versions", model);
        List<FlowEditing.Version> versions = flows.versions(scope.viewer(), scope.tenant());
        model.addAttribute("versions", versions.stream()
                .map(v -> new VersionView(v.number(), TIME.format(v.publishedAt().atZone(TOKYO)), v.publishedBy(),
                        v.inUse()))
                .toList());
        model.addAttribute("inUse", versions.stream().filter(FlowEditing.Version::inUse)
                .map(FlowEditing.Version::number).findFirst().orElse(null));
        model.addAttribute("left", left);
        model.addAttribute("right", right);
        if (left != null && right != null) {
            Flow a = side(scope, left);
            Flow b = side(scope, right);
            model.addAttribute("comparison", FlowComparison.of(trees.tree(a), trees.tree(b)));
        }
        return "flow-versions";
    }

    @RequiresPermission(Permissions.FLOWS_EDIT)
    @PostMapping("/flow/versions/{version}/rollback")
    String rollBack(@PathVariable int version, @RequestParam(required = false) UUID tenant,
                    HttpServletRequest request) {
        FlowPages.Scope scope = pages.scope(request, tenant);
        try {
            flows.rollBack(scope.viewer(), scope.tenant(), version);
        } catch (IllegalArgumentException noSuchVersion) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return "redirect:/flow/versions?tenant=" + scope.tenant() + "&rolledBack=" + version;
    }

    @RequiresPermission(Permissions.FLOWS_EDIT)
    @GetMapping("/flow/versions/{version}/export")
    ResponseEntity<byte[]> export(@PathVariable int version, @RequestParam(required = false) UUID tenant,
                                  HttpServletRequest request) {
        FlowPages.Scope scope = pages.scope(request, tenant);
        try {
            return FlowController.download(flows.exportVersion(scope.viewer(), scope.tenant(), version),
                    "flow-v" + version + ".json");
        } catch (IllegalArgumentException noSuchVersion) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }

    /** "draft" or a version number; anything else, or a version that does not exist, is not found. */
    private Flow side(FlowPages.Scope scope, String which) {
        if (which.equals(DRAFT)) {
            return flows.draft(scope.viewer(), scope.tenant()).flow();
        }
        if (!which.matches("[0-9]{1,9}")) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        Optional<Flow> flow = flows.version(scope.viewer(), scope.tenant(), Integer.parseInt(which));
        return flow.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
