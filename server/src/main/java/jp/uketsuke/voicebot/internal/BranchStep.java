package jp.uketsuke.voicebot.internal;

import java.text.Normalizer;
import java.util.Locale;
import jp.uketsuke.voicebot.Node;

/** Goes where the first case that holds says; values are compared after width and case folding. */
final class BranchStep implements Step<Node.Branch> {

    @Override
    public String run(Node.Branch node, Conversation call) {
        String value = call.value(node.on());
        for (Node.Branch.Case c : node.cases()) {
            boolean holds = switch (c.test()) {
                case EQUALS -> c.values().stream().anyMatch(v -> fold(value).equals(fold(v)));
                case MENTIONS -> !value.isBlank() && call.understanding().mentions(value, c.values());
                case EMPTY -> value.isBlank();
            };
            if (holds) {
                return c.next();
            }
        }
        return node.otherwise();
    }

    /** Full-width and half-width forms (１ and 1, ｶ and カ) are the same answer to a caller. */
    private static String fold(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
    }
}
