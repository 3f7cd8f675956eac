package jp.uketsuke.voicebot.internal;

import java.time.Duration;
import jp.uketsuke.voicebot.Heard;
import jp.uketsuke.voicebot.Node;

/** Takes a message (留守電). Anything said or keyed counts as a message, kept even when the caller then hangs up. */
final class MessageStep implements Step<Node.Message> {

    @Override
    public String run(Node.Message node, Conversation call) throws InterruptedException {
        Heard heard = call.line().takeMessage(node.prompt(), node.prompt().languageIn(call.flow().language()),
                Duration.ofSeconds(node.maxSeconds()));
        if (heard instanceof Heard.Words || heard instanceof Heard.Key) {
            call.messageTaken();
            call.set("message", "taken");
        } else {
            call.set("message", "empty");
        }
        if (heard instanceof Heard.Ended) {
            return null;
        }
        call.say(node.thanks());
        return node.next();
    }
}
