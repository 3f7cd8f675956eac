package jp.uketsuke.voicebot;

import java.util.List;
import java.util.Map;
import jp.uketsuke.calls.CallOutcome;

/**
 * How a call went through its flow: for the call record, the events that follow it and the simulator.
 *
 * @param values  what was heard or decided, by name (purpose, menu, faq, hours, caller, transfer, message)
 * @param visited node ids in the order the call went through them
 * @param answers FAQ entries answered, with the confidence of each match
 */
public record FlowRun(CallOutcome outcome, Map<String, String> values, List<String> visited, List<FaqAnswer> answers) {

    public FlowRun {
        values = Map.copyOf(values);
        visited = List.copyOf(visited);
        answers = List.copyOf(answers);
    }

    /** The caller's purpose as heard (用件), or null. Personal data: sealed wherever it is stored. */
    public String purpose() {
        return values.get("purpose");
    }

    /** One FAQ answer given: which entry, how sure the match was (0-1). */
    public record FaqAnswer(String entryId, double score) {
    }
}
