package jp.uketsuke.console.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import jp.uketsuke.voicebot.Node;

/**
 * The ways out of a node, each labelled as the console shows it (open / closed / 1 / noInput …): for the diagram's
 * arrows and to tell which way a simulated call went.
 */
final class Exits {

    /** One way out: taken on {@code label}, to the node {@code target}. */
    record Exit(String label, String target) {
    }

    private Exits() {
    }

    static List<Exit> of(Node node) {
        List<Exit> exits = new ArrayList<>();
        switch (node) {
            case Node.Say n -> add(exits, "next", n.next());
            case Node.Menu n -> {
                n.options().forEach(o -> add(exits, o.digit() != null ? o.digit() : clip(o.phrases().getFirst()),
                        o.next()));
                add(exits, "noInput", n.noInput());
                add(exits, "noMatch", n.noMatch());
            }
            case Node.Hours n -> {
                add(exits, "open", n.open());
                add(exits, "closed", n.closed());
                add(exits, "holiday", n.holiday());
            }
            case Node.Caller n -> {
                add(exits, "anonymous", n.anonymous());
                add(exits, "vip", n.vip());
                add(exits, "listed", n.listed());
                add(exits, "other", n.other());
            }
            case Node.Hear n -> {
                add(exits, "next", n.next());
                add(exits, "silence", n.silence());
            }
            case Node.Faq n -> {
                add(exits, "answered", n.answered());
                add(exits, "unanswered", n.unanswered());
            }
            case Node.Transfer n -> add(exits, "fallback", n.fallback());
            case Node.Message n -> add(exits, "next", n.next());
            case Node.Branch n -> {
                n.cases().forEach(c -> add(exits, c.test() == Node.Branch.Test.EMPTY ? "empty"
                        : clip(String.join("/", c.values())), c.next()));
                add(exits, "otherwise", n.otherwise());
            }
            case Node.Goto n -> add(exits, "goto", n.target());
            case Node.Hangup n -> {
            }
            case Node.Sms n -> {
                add(exits, "next", n.next());
                add(exits, "failed", n.failed());
            }
            case Node.Screen n -> {
                add(exits, "next", n.next());
                add(exits, "voicemail", n.voicemail());
            }
        }
        return exits;
    }

    /** The labels of the exits from {@code from} to {@code to}, joined; empty when none leads there. */
    static String between(Node from, String to) {
        return String.join(" / ", of(from).stream().filter(e -> e.target().equals(to)).map(Exit::label)
                .distinct().toList());
    }

    private static void add(List<Exit> exits, String label, String target) {
        if (target != null) {
            exits.add(new Exit(Objects.requireNonNull(label), target));
        }
    }

    /** Branch values can be long phrase lists; an arrow's label stays short. */
    private static String clip(String label) {
        return label.length() > 16 ? label.substring(0, 15) + "…" : label;
    }
}
