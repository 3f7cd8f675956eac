package jp.uketsuke.voicebot.internal;

import java.time.Duration;
import java.util.Optional;
import jp.uketsuke.voicebot.Heard;
import jp.uketsuke.voicebot.Listening;
import jp.uketsuke.voicebot.Node;
import jp.uketsuke.voicebot.Prompt;
import jp.uketsuke.voicebot.faq.FaqMatch;

/**
 * Answers from the FAQ (F3). What the caller already said or pressed (a purpose) is tried first, so they are not
 * asked twice; below the confidence threshold the node asks again, then gives up to {@code unanswered}.
 */
final class FaqStep implements Step<Node.Faq> {

    @Override
    public String run(Node.Faq node, Conversation call) throws InterruptedException {
        Listening listening = new Listening(call.understanding().faqPhrases(), Duration.ofSeconds(node.timeoutSeconds()));
        Heard heard = call.takeUnanswered();
        for (int attempt = 0; attempt < node.attempts(); attempt++) {
            if (heard == null) {
                Prompt ask = attempt > 0 && node.notUnderstood() != null ? node.notUnderstood() : node.prompt();
                heard = call.listen(ask, listening);
                call.takeUnanswered();
            }
            Optional<FaqMatch> match = switch (heard) {
                case Heard.Ended ended -> {
                    yield null;
                }
                case Heard.Key key -> call.understanding().faqByKey(key.digit())
                        .map(e -> new FaqMatch(e, 1.0));
                case Heard.Words words -> call.understanding().faq(words.text());
                case Heard.Silence silence -> Optional.empty();
            };
            if (match == null) {
                return null;
            }
            if (match.isPresent()) {
                call.set("faq", match.get().entry().id());
                call.answered(match.get().entry().id(), match.get().score());
                call.say(Prompt.text(match.get().entry().answer()));
                return node.answered();
            }
            heard = null;
        }
        call.set("faq", "");
        return node.unanswered();
    }
}
