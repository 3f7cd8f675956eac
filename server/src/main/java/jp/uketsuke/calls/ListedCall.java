package jp.uketsuke.calls;

import java.util.List;

/**
 * One row of the call list (F7): the call, where the team is with it and what it was about.
 *
 * @param assignee the actor who has the call ("user:tanaka"), or null
 * @param tags     the call's tags, in alphabetical order
 * @param category the summary's purpose category (a {@code jp.uketsuke.summary.PurposeCategory} name), or null when the
 *                 call has no summary yet or was summarised before categories were stored in plain (V20)
 */
public record ListedCall(CallSummary call, CallStatus status, String assignee, List<String> tags, String category) {

    public ListedCall {
        tags = List.copyOf(tags);
    }
}
