package jp.uketsuke.voicebot.internal;

import java.time.Duration;
import java.util.List;
import jp.uketsuke.voicebot.Node;
import jp.uketsuke.voicebot.Prompt;
import jp.uketsuke.voicebot.StaffCall;
import jp.uketsuke.voicebot.TransferTo;

/**
 * Hands the caller to staff (F5): one extension, a number, or a department's extensions in turn. When nobody takes
 * the call the bot says so and the flow goes on at the fallback (usually a message).
 */
final class TransferStep implements Step<Node.Transfer> {

    @Override
    public String run(Node.Transfer node, Conversation call) throws InterruptedException {
        Prompt announce = node.connecting();
        for (TransferTo target : targets(node, call)) {
            StaffCall.Result result = call.line().transfer(new StaffCall(target, node.mode(),
                    Duration.ofSeconds(node.noAnswerSeconds()), announce, node.connecting().languageIn(
                    call.flow().language())));
            switch (result) {
                case HANDED_OVER -> {
                    call.set("transfer", "answered");
                    call.transferred();
                    return null;
                }
                case CALLER_LEFT -> {
                    return null;
                }
                case NOT_ANSWERED -> announce = null; // said once; the next phone rings without it
                case UNREACHABLE -> {
                }
            }
        }
        call.set("transfer", "unavailable");
        call.say(node.unavailable());
        return node.fallback();
    }

    private static List<TransferTo> targets(Node.Transfer node, Conversation call) {
        if (node.to().kind() != TransferTo.Kind.DEPARTMENT) {
            return List.of(node.to());
        }
        // validation keeps departments in step with transfers; a draft run in the simulator may still miss one
        return call.flow().department(node.to().value())
                .map(d -> d.extensions().stream().map(TransferTo::extension).toList())
                .orElse(List.of());
    }
}
