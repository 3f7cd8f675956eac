package jp.uketsuke.voicebot.internal;

import java.time.Duration;
import jp.uketsuke.voicebot.Heard;
import jp.uketsuke.voicebot.Listening;
import jp.uketsuke.voicebot.Node;

/** Asks the caller's purpose (用件ヒアリング) and keeps the answer for FAQ, branches and the call record. */
final class HearStep implements Step<Node.Hear> {

    @Override
    public String run(Node.Hear node, Conversation call) throws InterruptedException {
        Heard heard = call.listen(node.prompt(), new Listening(call.understanding().vocabulary(),
                Duration.ofSeconds(node.timeoutSeconds())));
        return switch (heard) {
            case Heard.Ended ended -> null;
            case Heard.Words words -> {
                call.set(node.into(), words.text());
                yield node.next();
            }
            case Heard.Key key -> {
                call.set(node.into(), String.valueOf(key.digit()));
                yield node.next();
            }
            case Heard.Silence silence -> node.silence() != null ? node.silence() : node.next();
        };
    }
}
