package jp.uketsuke.voicebot.internal;

import java.time.Duration;
import java.util.Optional;
import jp.uketsuke.voicebot.Heard;
import jp.uketsuke.voicebot.Listening;
import jp.uketsuke.voicebot.Node;

/** Asks, then takes a key or spoken choice; silence and unknown choices are asked again, then routed. */
final class MenuStep implements Step<Node.Menu> {

    @Override
    public String run(Node.Menu menu, Conversation call) throws InterruptedException {
        Listening listening = new Listening(call.understanding().phrasesOf(menu),
                Duration.ofSeconds(menu.timeoutSeconds()));
        boolean lastWasSilence = false;
        for (int attempt = 0; attempt <= menu.retries(); attempt++) {
            var prompt = attempt > 0 && menu.retryPrompt() != null ? menu.retryPrompt() : menu.prompt();
            Heard heard = call.listen(prompt, listening);
            Optional<Node.Menu.Option> chosen = switch (heard) {
                case Heard.Ended ended -> {
                    yield null;
                }
                case Heard.Silence silence -> Optional.empty();
                case Heard.Key key -> menu.options().stream()
                        .filter(o -> o.digit() != null && o.digit().charAt(0) == key.digit()).findFirst();
                case Heard.Words words -> call.understanding().choose(menu, words.text());
            };
            if (chosen == null) {
                return null;
            }
            if (chosen.isPresent()) {
                Node.Menu.Option option = chosen.get();
                call.takeUnanswered(); // acted on here: no FAQ node answers the choice itself
                call.set("menu", option.digit() != null ? option.digit() : option.phrases().get(0));
                return option.next();
            }
            lastWasSilence = heard instanceof Heard.Silence;
        }
        String next = lastWasSilence ? menu.noInput() : menu.noMatch();
        // a menu that gives up without a route for it falls back on its other route, else the call ends
        return next != null ? next : lastWasSilence ? menu.noMatch() : menu.noInput();
    }
}
