package jp.uketsuke.console.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.UUID;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.voicebot.PromptRecordings;
import jp.uketsuke.voicebot.PromptRecordings.Problem;
import jp.uketsuke.voicebot.PromptRecordings.Rejected;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

/**
 * The tenant's recorded prompts (録音した音声) for holders of {@code flows:edit}: upload a WAV file under a name, list,
 * delete. A refused upload says why in the user's language (and the details in English); one beyond the multipart
 * limit is sent back to this page by {@link OversizedUploads}, never to an error page.
 */
@Controller
class PromptRecordingsController {

    private static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final PromptRecordings recordings;
    private final CurrentViewer viewers;
    private final Tenants tenants;
    /** What the page announces: the smaller of the servlet's multipart limit and the recordings' own. */
    private final long maxBytes;

    PromptRecordingsController(PromptRecordings recordings, CurrentViewer viewers, Tenants tenants,
                               @Value("${spring.servlet.multipart.max-file-size:1MB}") DataSize multipartLimit) {
        this.recordings = recordings;
        this.viewers = viewers;
        this.tenants = tenants;
        this.maxBytes = Math.min(multipartLimit.toBytes(), PromptRecordings.MAX_BYTES);
    }

    /** One row of the list. */
    record RecordingRow(String id, String name, String seconds, String uploadedAt, String uploadedBy) {
    }

    @RequiresPermission(Permissions.FLOWS_EDIT)
    @GetMapping("/flow/prompts")
    String list(@RequestParam(required = false) UUID tenant, HttpServletRequest request, Model model) {
        Viewer viewer = viewers.of(request);
        // an upload the servlet container could not take comes back here (OversizedUploads)
        String error = request.getParameter("tooLarge") != null ? Problem.TOO_LARGE.name()
                : request.getParameter("unreadable") != null ? "UNREADABLE" : null;
        return page(viewer, ManagedTenants.chosen(viewer, Permissions.FLOWS_EDIT, tenant), error, null, model);
    }

    @RequiresPermission(Permissions.FLOWS_EDIT)
    @PostMapping("/flow/prompts")
    String upload(@RequestParam(required = false) UUID tenant, @RequestParam(defaultValue = "") String name,
                  @RequestParam(required = false) MultipartFile file, HttpServletRequest request,
                  HttpServletResponse response, Model model) throws IOException {
        Viewer viewer = viewers.of(request);
        UUID chosen = ManagedTenants.chosen(viewer, Permissions.FLOWS_EDIT, tenant);
        if (file == null || file.isEmpty()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return page(viewer, chosen, "NO_FILE", null, model);
        }
        if (file.getSize() > maxBytes) {
            response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
            return page(viewer, chosen, Problem.TOO_LARGE.name(), null, model);
        }
        try {
            recordings.upload(viewer, chosen, name, file.getBytes());
        } catch (Rejected e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return page(viewer, chosen, e.problem().name(), e.getMessage(), model);
        }
        return "redirect:/flow/prompts?uploaded&tenant=" + chosen;
    }

    @RequiresPermission(Permissions.FLOWS_EDIT)
    @PostMapping("/flow/prompts/{recording}/delete")
    String delete(@PathVariable String recording, @RequestParam(required = false) UUID tenant,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        Viewer viewer = viewers.of(request);
        UUID chosen = ManagedTenants.chosen(viewer, Permissions.FLOWS_EDIT, tenant);
        try {
            recordings.delete(viewer, chosen, recording);
        } catch (Rejected e) {
            if (e.problem() == Problem.NOT_FOUND) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND);
            }
            response.setStatus(HttpStatus.CONFLICT.value());
            return page(viewer, chosen, e.problem().name(), e.getMessage(), model);
        }
        return "redirect:/flow/prompts?deleted&tenant=" + chosen;
    }

    private String page(Viewer viewer, UUID tenant, String error, String detail, Model model) {
        model.addAttribute("recordings", recordings.list(viewer, tenant).stream()
                .map(r -> new RecordingRow(r.id(), r.name(), String.format(java.util.Locale.ROOT, "%.1f", r.duration().toMillis() / 1000.0),
                        TIME.format(r.uploadedAt().atZone(ZONE)), r.uploadedBy()))
                .toList());
        model.addAttribute("tenant", tenant);
        model.addAttribute("tenants", ManagedTenants.of(viewer, Permissions.FLOWS_EDIT).stream()
                .map(id -> new ConsoleRequests.TenantChoice(id, tenants.name(id).orElse(id.toString())))
                .sorted(Comparator.comparing(ConsoleRequests.TenantChoice::name)).toList());
        model.addAttribute("error", error);
        model.addAttribute("detail", detail);
        model.addAttribute("maxSeconds", PromptRecordings.MAX_DURATION.toSeconds());
        model.addAttribute("maxMegabytes", String.format(java.util.Locale.ROOT, "%.0f", maxBytes / (1024.0 * 1024.0)));
        model.addAttribute("maxNameLength", PromptRecordings.MAX_NAME_LENGTH);
        return "flow-prompts";
    }
}
