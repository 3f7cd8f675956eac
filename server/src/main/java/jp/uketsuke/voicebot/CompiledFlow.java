package jp.uketsuke.voicebot;

import java.time.Clock;
import java.util.List;
import jp.uketsuke.voicebot.internal.Interpreter;

/**
 * A flow ready to run: its FAQ index and spoken choices built once, when the version is loaded, and shared by every
 * call it handles (nothing is rebuilt per call). Immutable and thread-safe.
 */
public final class CompiledFlow {

    private final int version;
    private final Flow flow;
    private final Interpreter interpreter;

    private CompiledFlow(int version, Flow flow) {
        this.version = version;
        this.flow = flow;
        this.interpreter = new Interpreter(flow);
    }

    /** @param version the published version it is, or 0 for a draft */
    public static CompiledFlow of(int version, Flow flow) {
        return new CompiledFlow(version, flow);
    }

    public int version() {
        return version;
    }

    public Flow flow() {
        return flow;
    }

    /** Runs one call through the flow until it ends or the caller hangs up, with no screening and no texts. */
    public FlowRun run(Line line, CallFacts facts, Clock clock) throws InterruptedException {
        return run(line, facts, FlowServices.NONE, clock);
    }

    /** Runs one call through the flow until it ends or the caller hangs up. */
    public FlowRun run(Line line, CallFacts facts, FlowServices services, Clock clock) throws InterruptedException {
        return interpreter.run(line, facts, services, clock);
    }

    /** Every phrase the flow listens for, for warming a recogniser's grammar. */
    public List<String> vocabulary() {
        return interpreter.vocabulary();
    }
}
