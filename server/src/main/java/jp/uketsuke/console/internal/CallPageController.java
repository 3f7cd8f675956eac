package jp.uketsuke.console.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.Viewer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** One call's page (F7) and its recording, which the page's player reads in ranges. */
@Controller
class CallPageController {

    private static final Pattern RANGE_START = Pattern.compile("\\s*bytes=(\\d{1,18})-.*");

    private final CallPage page;
    private final CallHistory history;
    private final CurrentViewer viewers;

    CallPageController(CallPage page, CallHistory history, CurrentViewer viewers) {
        this.page = page;
        this.history = history;
        this.viewers = viewers;
    }

    @RequiresPermission(Permissions.CALLS_READ)
    @GetMapping("/calls/{callId}")
    String detail(@PathVariable String callId, HttpServletRequest request, Model model) {
        return page.show(viewers.of(request), ConsoleRequests.parseOrNotFound(callId), null, null, model);
    }

    /**
     * The recording as WAV, whole or one byte range. Audited once per play, not per range (see
     * {@link CallHistory#recording(Viewer, java.util.UUID, long)}): the range's first byte says whether this request
     * starts a play.
     */
    @RequiresPermission(Permissions.RECORDINGS_PLAY)
    @GetMapping("/calls/{callId}/recording.wav")
    void recording(@PathVariable String callId,
                   HttpServletRequest request, HttpServletResponse response) throws IOException {
        Viewer viewer = viewers.of(request);
        String rangeHeader = request.getHeader(HttpHeaders.RANGE);
        CallHistory.Recording recording = history.recording(viewer, ConsoleRequests.parseOrNotFound(callId),
                requestedStart(rangeHeader)).orElseThrow(ConsoleRequests::notFound);
        long length = recording.wavLength();
        response.setContentType("audio/wav");
        response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        Optional<ByteRange> range = ByteRange.parse(rangeHeader, length);
        if (rangeHeader != null && range.isEmpty()) {
            response.setStatus(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE.value());
            response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + length);
            return;
        }
        ByteRange bytes = range.orElse(new ByteRange(0, length - 1));
        if (range.isPresent()) {
            response.setStatus(HttpStatus.PARTIAL_CONTENT.value());
            response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes " + bytes.first() + "-" + bytes.last() + "/" + length);
        }
        response.setContentLengthLong(bytes.length());
        if ("HEAD".equals(request.getMethod())) {
            return;
        }
        try (OutputStream out = bytes.window(response.getOutputStream())) {
            recording.writeWav(out);
        }
    }

    /**
     * Where the request's range starts: 0 without a header or with one we cannot read (so it counts as a new play and
     * is audited); a suffix range ("bytes=-500") counts as a later part of a play.
     */
    static long requestedStart(String header) {
        if (header == null) {
            return 0;
        }
        Matcher m = RANGE_START.matcher(header);
        if (m.matches()) {
            return Long.parseLong(m.group(1));
        }
        return header.strip().startsWith("bytes=-") ? 1 : 0;
    }
}
