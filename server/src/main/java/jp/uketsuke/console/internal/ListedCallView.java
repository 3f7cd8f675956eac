package jp.uketsuke.console.internal;

import java.util.List;
import java.util.UUID;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.calls.ListedCall;
import jp.uketsuke.summary.PurposeCategory;

/**
 * A row of the call list as the template shows it: message keys for outcome, status and category (Japanese first),
 * the caller already masked by the calls module.
 *
 * @param categoryKey the category's label key, or null when the call has no category (yet)
 * @param assignee    who has the call, without the "user:" prefix, or null
 */
record ListedCallView(UUID id, String startedAt, String duration, String caller, String outcomeKey, boolean inProgress,
                      String statusKey, String status, String assignee, List<String> tags, String categoryKey,
                      boolean hasRecording) {

    static ListedCallView of(ListedCall listed) {
        CallView call = CallView.of(listed.call());
        String category = listed.category() != null && known(listed.category())
                ? "summary.category." + listed.category() : null;
        String assignee = listed.assignee() == null ? null
                : listed.assignee().startsWith("user:") ? listed.assignee().substring(5) : listed.assignee();
        return new ListedCallView(call.id(), call.startedAt(), call.duration(), call.caller(), call.outcomeKey(),
                listed.call().outcome() == CallOutcome.IN_PROGRESS, "calllist.status." + listed.status().name(),
                listed.status().name(), assignee, listed.tags(), category, call.hasRecording());
    }

    private static boolean known(String category) {
        for (PurposeCategory c : PurposeCategory.values()) {
            if (c.name().equals(category)) {
                return true;
            }
        }
        return false;
    }
}
