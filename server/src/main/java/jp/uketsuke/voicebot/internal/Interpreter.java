package jp.uketsuke.voicebot.internal;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import jp.uketsuke.voicebot.CallFacts;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.FlowRun;
import jp.uketsuke.voicebot.FlowServices;
import jp.uketsuke.voicebot.Line;
import jp.uketsuke.voicebot.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs calls through one flow: from the start node, each node's step says where to go next, until a step ends the
 * call or the caller hangs up. Built once per flow version; the steps hold no per-call state.
 */
public final class Interpreter {

    private static final Logger log = LoggerFactory.getLogger(Interpreter.class);
    /**
     * Validation refuses loops that never wait for the caller; this bounds what it cannot see (a caller answering
     * a menu in a loop forever) so no call runs without end.
     */
    static final int MAX_STEPS = 500;

    private final Flow flow;
    private final Map<String, Node> nodes;
    private final Understanding understanding;
    private final SayStep say = new SayStep();
    private final MenuStep menu = new MenuStep();
    private final HoursStep hours = new HoursStep();
    private final CallerStep caller = new CallerStep();
    private final HearStep hear = new HearStep();
    private final FaqStep faq = new FaqStep();
    private final TransferStep transfer = new TransferStep();
    private final MessageStep message = new MessageStep();
    private final BranchStep branch = new BranchStep();
    private final GotoStep jump = new GotoStep();
    private final HangupStep hangup = new HangupStep();
    private final SmsStep sms = new SmsStep();
    private final ScreenStep screen = new ScreenStep();

    public Interpreter(Flow flow) {
        this.flow = flow;
        this.nodes = flow.nodesById();
        this.understanding = new Understanding(flow);
    }

    public FlowRun run(Line line, CallFacts facts, FlowServices services, Clock clock) throws InterruptedException {
        Conversation call = new Conversation(flow, understanding, line, facts, services, clock);
        String at = flow.start();
        int steps = 0;
        boolean endedByFlow = false;
        while (at != null && line.isActive()) {
            Node node = nodes.get(at);
            if (node == null || ++steps > MAX_STEPS) {
                // only a draft in the simulator can get here: published flows are validated
                log.warn("Flow stopped at {}: {}", at, node == null ? "no such node" : "step limit reached");
                line.note("[FLOW STOPPED at " + at + "]");
                break;
            }
            call.visit(node.id());
            line.entering(node);
            at = switch (node) {
                case Node.Say n -> say.run(n, call);
                case Node.Menu n -> menu.run(n, call);
                case Node.Hours n -> hours.run(n, call);
                case Node.Caller n -> caller.run(n, call);
                case Node.Hear n -> hear.run(n, call);
                case Node.Faq n -> faq.run(n, call);
                case Node.Transfer n -> transfer.run(n, call);
                case Node.Message n -> message.run(n, call);
                case Node.Branch n -> branch.run(n, call);
                case Node.Goto n -> jump.run(n, call);
                case Node.Hangup n -> hangup.run(n, call);
                case Node.Sms n -> sms.run(n, call);
                case Node.Screen n -> screen.run(n, call);
            };
            // a caller who hangs up during the goodbye was still sent off by the flow
            endedByFlow = at == null && (line.isActive() || node instanceof Node.Hangup);
        }
        return call.result(endedByFlow);
    }

    public List<String> vocabulary() {
        return understanding.vocabulary();
    }
}
