package jp.uketsuke.voicebot;

import java.util.List;

/**
 * What happened when a flow ran against typed caller turns: each turn in order, with the node it happened at, and
 * the run's outcome, values and FAQ answers with their scores.
 */
public record Simulation(List<Turn> turns, FlowRun run) {

    public Simulation {
        turns = List.copyOf(turns);
    }

    /** Who acted: the bot speaking, the caller, or a step of the flow (a node entered, a transfer). */
    public enum Actor { BOT, CALLER, STEP }

    public record Turn(Actor actor, String node, String text) {
    }
}
