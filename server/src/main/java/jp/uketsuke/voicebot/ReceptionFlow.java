package jp.uketsuke.voicebot;

import java.util.ArrayList;
import java.util.List;
import jp.uketsuke.voicebot.Node.Branch;

/**
 * The receptionist of the first version as a flow graph: greet, ask the purpose, decline sales calls (F4), answer
 * from the FAQ while the caller keeps asking, put them through to staff when they ask for someone (and the sentences
 * name whom), otherwise take a message; say goodbye. Every tenant's flow of schema 1 is upgraded to this graph with its own sentences, and new
 * tenants start from it.
 */
final class ReceptionFlow {

    private ReceptionFlow() {
    }

    static Flow from(CallFlow s) {
        List<Node> nodes = new ArrayList<>();
        nodes.add(new Node.Say("greeting", Prompt.text(s.greeting()), "ask"));
        nodes.add(new Node.Hear("ask", Prompt.text(s.question()), "purpose", 7, "screen", "ask-again"));
        nodes.add(new Node.Hear("ask-again", Prompt.text(s.question()), "purpose", 7, "screen", "goodbye"));
        // sales calls (F4) are declined before "担当者" in a pitch could put them through to staff
        nodes.add(new Node.Screen("screen", Prompt.text(s.question()), 7, Node.Screen.standardDecline(s.language()),
                null, "route"));
        nodes.add(new Branch("route", "purpose", routes(s, List.of()), "faq"));
        nodes.add(new Node.Faq("faq", Prompt.text(s.question()), Prompt.text(s.notUnderstood()), 1, 7, "more",
                "message"));
        nodes.add(new Node.Hear("more", Prompt.text(s.anythingElse()), "more", 7, "more-route", "goodbye"));
        nodes.add(new Branch("more-route", "more", routes(s, s.closingPhrases()), "faq"));
        nodes.add(new Node.Message("message", Prompt.text(s.messagePrompt()), 60, Prompt.text(s.messageThanks()),
                "goodbye"));
        StaffTransfer t = s.transfer();
        if (t != null) {
            TransferTo to = t.extension() != null ? TransferTo.extension(t.extension()) : TransferTo.number(t.number());
            nodes.add(new Node.Transfer("transfer", to, t.mode() == StaffTransfer.Mode.BLIND
                    ? Node.Transfer.Mode.BLIND : Node.Transfer.Mode.BRIDGED, t.noAnswerSeconds(),
                    Prompt.text(t.connectingPrompt()), Prompt.text(t.unavailablePrompt()), "message"));
        }
        nodes.add(new Node.Hangup("goodbye", Prompt.text(s.goodbye())));
        return new Flow(s.language(), "greeting", nodes, s.faq(), List.of(), null);
    }

    /** Staff first (a caller asking for a person should not get a message prompt), then messages, then goodbye. */
    private static List<Branch.Case> routes(CallFlow s, List<String> closing) {
        List<Branch.Case> cases = new ArrayList<>();
        StaffTransfer t = s.transfer();
        if (t != null) {
            cases.add(new Branch.Case(Branch.Test.EQUALS, String.valueOf(t.digit()), "transfer"));
            if (!t.phrases().isEmpty()) {
                cases.add(new Branch.Case(Branch.Test.MENTIONS, t.phrases(), "transfer"));
            }
        }
        cases.add(new Branch.Case(Branch.Test.EQUALS, String.valueOf(s.messageDigit()), "message"));
        if (!s.messagePhrases().isEmpty()) {
            cases.add(new Branch.Case(Branch.Test.MENTIONS, s.messagePhrases(), "message"));
        }
        if (!closing.isEmpty()) {
            cases.add(0, new Branch.Case(Branch.Test.MENTIONS, closing, "goodbye"));
        }
        return cases;
    }
}
