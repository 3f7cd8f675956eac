package jp.uketsuke.voicebot.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.voicebot.CallFacts;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.FlowRun;
import jp.uketsuke.voicebot.FlowServices;
import jp.uketsuke.voicebot.Heard;
import jp.uketsuke.voicebot.Line;
import jp.uketsuke.voicebot.Listening;
import jp.uketsuke.voicebot.Prompt;

/** One call's way through a flow: the line, what was heard and decided so far, and how the call is going. */
final class Conversation {

    private final Flow flow;
    private final Understanding understanding;
    private final Line line;
    private final CallFacts facts;
    private final FlowServices services;
    private final Clock clock;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> visited = new ArrayList<>();
    private final List<FlowRun.FaqAnswer> answers = new ArrayList<>();
    private boolean messageTaken;
    private boolean transferred;
    private boolean blocked;
    /** Words or a key no FAQ node has tried yet: a purpose heard first is answered without asking again. */
    private Heard unanswered;

    Conversation(Flow flow, Understanding understanding, Line line, CallFacts facts, FlowServices services,
                 Clock clock) {
        this.flow = flow;
        this.understanding = understanding;
        this.line = line;
        this.facts = facts;
        this.services = services;
        this.clock = clock;
    }

    Flow flow() {
        return flow;
    }

    Understanding understanding() {
        return understanding;
    }

    Line line() {
        return line;
    }

    CallFacts facts() {
        return facts;
    }

    FlowServices services() {
        return services;
    }

    Clock clock() {
        return clock;
    }

    void say(Prompt prompt) throws InterruptedException {
        if (prompt != null && line.isActive()) {
            line.say(prompt, prompt.languageIn(flow.language()));
        }
    }

    Heard listen(Prompt prompt, Listening listening) throws InterruptedException {
        if (!line.isActive()) {
            return new Heard.Ended();
        }
        Heard heard = line.listen(prompt, prompt.languageIn(flow.language()), listening);
        unanswered = heard instanceof Heard.Words || heard instanceof Heard.Key ? heard : null;
        return heard;
    }

    /** Waits for the caller without asking anything: the next key of a number being keyed in. */
    Heard listenOn(Listening listening) throws InterruptedException {
        if (!line.isActive()) {
            return new Heard.Ended();
        }
        return line.listen(null, flow.language(), listening);
    }

    /** What the caller said or pressed last, unless a node already acted on it; taken, so it is used once. */
    Heard takeUnanswered() {
        Heard heard = unanswered;
        unanswered = null;
        return heard;
    }

    /** What {@link #takeUnanswered} would take, left for the node that answers it (screening only reads it). */
    Heard unanswered() {
        return unanswered;
    }

    void set(String name, String value) {
        values.put(name, value);
    }

    String value(String name) {
        return values.getOrDefault(name, "");
    }

    void visit(String nodeId) {
        visited.add(nodeId);
    }

    void answered(String entryId, double score) {
        answers.add(new FlowRun.FaqAnswer(entryId, score));
    }

    void messageTaken() {
        messageTaken = true;
    }

    void transferred() {
        transferred = true;
    }

    /** Screened out as a sales call (F4), whether declined or sent to voicemail. */
    void blocked() {
        blocked = true;
    }

    /** The strongest thing that happened decides the outcome staff filter by. */
    FlowRun result(boolean endedByFlow) {
        CallOutcome outcome;
        if (blocked) {
            outcome = CallOutcome.BLOCKED;
        } else if (transferred) {
            outcome = CallOutcome.TRANSFERRED;
        } else if (messageTaken) {
            outcome = CallOutcome.MESSAGE_TAKEN;
        } else if (!answers.isEmpty()) {
            outcome = CallOutcome.FAQ_ANSWERED;
        } else {
            outcome = endedByFlow ? CallOutcome.COMPLETED : CallOutcome.CALLER_HUNG_UP;
        }
        return new FlowRun(outcome, values, visited, answers);
    }
}
