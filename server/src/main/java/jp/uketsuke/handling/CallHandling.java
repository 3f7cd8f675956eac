package jp.uketsuke.handling;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import jp.uketsuke.calls.CallStatus;

/**
 * Where the team is with one call.
 *
 * @param assignee        the actor who has the call ("user:tanaka"), or null for nobody
 * @param tags            normalised ({@link Tags#normalise}), in alphabetical order
 * @param version         goes up by one with every change of status, assignee or tags; a change must name the
 *                        version it was made from, so a page showing an older one cannot overwrite a newer change
 * @param statusChangedAt null while the call has never left 未対応
 */
public record CallHandling(UUID callId, UUID tenantId, CallStatus status, String assignee, List<String> tags,
                           int version, Instant statusChangedAt) {

    public CallHandling {
        tags = List.copyOf(tags);
    }

    /** The workflow: 未対応 → 対応中 → 対応済み, 未対応 → 対応済み (nothing to do), and 対応済み → 対応中 when reopened. */
    public static boolean mayMove(CallStatus from, CallStatus to) {
        return switch (from) {
            case OPEN -> to == CallStatus.IN_PROGRESS || to == CallStatus.DONE;
            case IN_PROGRESS -> to == CallStatus.DONE;
            case DONE -> to == CallStatus.IN_PROGRESS;
        };
    }
}
