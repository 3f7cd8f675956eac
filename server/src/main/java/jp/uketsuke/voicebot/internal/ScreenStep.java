package jp.uketsuke.voicebot.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jp.uketsuke.voicebot.CallerScreening;
import jp.uketsuke.voicebot.CallerScreening.Verdict;
import jp.uketsuke.voicebot.Heard;
import jp.uketsuke.voicebot.Listening;
import jp.uketsuke.voicebot.Node;
import jp.uketsuke.voicebot.Prompt;

/**
 * Screens out sales calls (F4). The number lists and the anonymous-caller policy decide first, before anything is
 * asked; then the caller's words: those a {@code hear} node kept for the FAQ (read, not taken, so a customer is never
 * asked twice), or else the answer to the node's own question. A sales call is declined and hung up, or sent to the
 * voicemail node; either way the call is recorded as blocked. The step's note names the verdict, never the number.
 */
final class ScreenStep implements Step<Node.Screen> {

    @Override
    public String run(Node.Screen node, Conversation call) throws InterruptedException {
        CallerScreening screening = call.services().screening();
        String language = call.flow().language();
        Verdict byNumber = screening.screen(call.facts(), language, null);
        if (byNumber.turnAway()) {
            return turnAway(node, call, byNumber);
        }
        if (byNumber.kind() == Verdict.Kind.ALLOWED) {
            return goOn(node, call, byNumber);
        }
        Heard heard = call.unanswered();
        String purpose = call.value("purpose");
        // the words still to be answered, else the purpose a node already answered (a key pressed says nothing)
        String words = heard instanceof Heard.Words w ? w.text()
                : heard == null && !purpose.isEmpty() && !Node.KEYS.matcher(purpose).matches() ? purpose : null;
        if (heard == null && purpose.isEmpty()) {
            // nothing heard yet: ask, and leave the answer for the nodes after this one
            List<String> phrases = new ArrayList<>(call.understanding().vocabulary());
            phrases.addAll(screening.phrases(language));
            heard = call.listen(node.prompt(), new Listening(phrases, Duration.ofSeconds(node.timeoutSeconds())));
            if (heard instanceof Heard.Ended) {
                return null;
            }
            if (heard instanceof Heard.Words w) {
                words = w.text();
                call.set("purpose", words);
            }
        }
        if (words == null || words.isBlank()) {
            // a key or silence says nothing of selling: such a caller goes on
            return goOn(node, call, byNumber);
        }
        Verdict byWords = screening.screen(call.facts(), language, words);
        return byWords.turnAway() ? turnAway(node, call, byWords) : goOn(node, call, byWords);
    }

    private static String turnAway(Node.Screen node, Conversation call, Verdict verdict) throws InterruptedException {
        call.blocked();
        call.set("screen", verdict.kind() == Verdict.Kind.SALES ? "sales" : "blocked");
        call.line().note(note(verdict, node.voicemail() != null ? "to voicemail" : "declined"));
        // what the sales caller said is not a question for the FAQ that may follow voicemail
        call.takeUnanswered();
        if (node.voicemail() != null) {
            return node.voicemail();
        }
        call.say(node.decline() != null ? node.decline() : Node.Screen.standardDecline(call.flow().language()));
        return null;
    }

    private static String goOn(Node.Screen node, Conversation call, Verdict verdict) {
        call.set("screen", switch (verdict.kind()) {
            case ALLOWED -> "allowed";
            case NOT_SALES -> "not_sales";
            default -> "not_screened";
        });
        call.line().note(note(verdict, "let through"));
        return node.next();
    }

    private static String note(Verdict verdict, String action) {
        String score = verdict.kind() == Verdict.Kind.SALES || verdict.kind() == Verdict.Kind.NOT_SALES
                ? String.format(Locale.ROOT, " %.2f", verdict.salesScore()) : "";
        return "[SCREENING " + verdict.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + score
                + (verdict.reason().isEmpty() ? "" : " (" + verdict.reason() + ")") + ": " + action + "]";
    }
}
