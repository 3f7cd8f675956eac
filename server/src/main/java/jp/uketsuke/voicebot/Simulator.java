package jp.uketsuke.voicebot;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

/**
 * Runs a flow — a draft or a published version — with typed caller turns instead of a phone call, through the same
 * engine, so a tenant tests a change before publishing it. Writes no call record.
 */
public final class Simulator {

    public static final int MAX_TURNS = 100;
    /** Silences in a row after the turns run out before the simulated caller hangs up. */
    private static final int PATIENCE = 3;

    private Simulator() {
    }

    /**
     * @param callerNumber the number the simulated caller calls from (normalised), or null for a withheld one
     * @param staffAnswers whether transfers reach someone
     * @param clock        the moment of the call, for hours nodes
     */
    public static Simulation run(CompiledFlow flow, List<CallerTurn> turns, UUID tenantId, String dialedNumber,
                                 String callerNumber, boolean staffAnswers, Clock clock) {
        return run(flow, turns, tenantId, dialedNumber, callerNumber, staffAnswers, FlowServices.NONE, clock);
    }

    /** @param services screening as on a real call; texts that are shown in the simulation, never sent */
    public static Simulation run(CompiledFlow flow, List<CallerTurn> turns, UUID tenantId, String dialedNumber,
                                 String callerNumber, boolean staffAnswers, FlowServices services, Clock clock) {
        if (turns.size() > MAX_TURNS) {
            throw new IllegalArgumentException("a simulation has at most " + MAX_TURNS + " turns");
        }
        TypedLine line = new TypedLine(turns, staffAnswers);
        try {
            FlowRun run = flow.run(line, new CallFacts(tenantId, callerNumber, dialedNumber), services, clock);
            return new Simulation(line.transcript, run);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("simulation interrupted", e);
        }
    }

    /** The simulated caller: answers each question with the next typed turn; keys typed together come one by one. */
    private static final class TypedLine implements Line {
        private final Deque<Heard> input = new ArrayDeque<>();
        private final boolean staffAnswers;
        private final List<Simulation.Turn> transcript = new ArrayList<>();
        private String node;
        private int silences;
        private boolean active = true;

        TypedLine(List<CallerTurn> turns, boolean staffAnswers) {
            this.staffAnswers = staffAnswers;
            for (CallerTurn t : turns) {
                if (t.say() != null) {
                    input.add(new Heard.Words(t.say()));
                } else {
                    t.dtmf().chars().forEach(c -> input.add(new Heard.Key((char) c)));
                }
            }
        }

        @Override
        public void entering(Node entered) {
            node = entered.id();
            transcript.add(new Simulation.Turn(Simulation.Actor.STEP, node, entered.type()));
        }

        @Override
        public void say(Prompt prompt, String language) {
            transcript.add(new Simulation.Turn(Simulation.Actor.BOT, node, prompt.transcriptText()));
        }

        @Override
        public Heard listen(Prompt prompt, String language, Listening listening) {
            if (prompt != null) {
                say(prompt, language);
            }
            return next();
        }

        @Override
        public Heard takeMessage(Prompt prompt, String language, Duration max) {
            say(prompt, language);
            return next();
        }

        private Heard next() {
            Heard heard = input.poll();
            if (heard == null) {
                if (++silences > PATIENCE) {
                    active = false;
                    transcript.add(new Simulation.Turn(Simulation.Actor.STEP, node, "[caller hung up]"));
                    return new Heard.Ended();
                }
                heard = new Heard.Silence();
            }
            transcript.add(new Simulation.Turn(Simulation.Actor.CALLER, node, switch (heard) {
                case Heard.Words w -> w.text();
                case Heard.Key k -> "[DTMF " + k.digit() + "]";
                case Heard.Silence s -> "[silence]";
                case Heard.Ended e -> "[hung up]";
            }));
            return heard;
        }

        @Override
        public StaffCall.Result transfer(StaffCall call) {
            if (call.announce() != null) {
                say(call.announce(), call.language());
            }
            note("[TRANSFER " + call.mode() + " to " + call.to().kind().name().toLowerCase() + " " + call.to().value()
                    + (staffAnswers ? ": answered]" : ": not answered]"));
            if (staffAnswers) {
                active = false;
                return StaffCall.Result.HANDED_OVER;
            }
            return StaffCall.Result.NOT_ANSWERED;
        }

        @Override
        public void note(String step) {
            transcript.add(new Simulation.Turn(Simulation.Actor.STEP, node, step));
        }

        @Override
        public boolean isActive() {
            return active;
        }
    }
}
