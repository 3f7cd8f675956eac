package jp.uketsuke.voicebot.internal;

import java.time.Duration;
import jp.uketsuke.voicebot.Heard;
import jp.uketsuke.voicebot.Node;

/**
 * Takes a message (留守電). Anything said or keyed counts as a message, kept even when the caller then hangs up; the
 * thanks ("we will call you back") is said only for a message left.
 */
final class MessageStep implements Step<Node.Message> {

    @Override
    public String run(Node.Message node, Conversation call) throws InterruptedException {
        Heard heard = call.line().takeMessage(node.prompt(), node.prompt().languageIn(call.flow().language()),
                Duration.ofSeconds(node.maxSeconds()));
        boolean left = heard instanceof Heard.Words || heard instanceof Heard.Key;
        call.set("message", left ? "taken" : "empty");
        if (left) {
            call.messageTaken();
            call.say(node.thanks());
        }
        return heard instanceof Heard.Ended ? null : node.next();
    }
}
