package jp.uketsuke.voicebot.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.uketsuke.voicebot.FaqEntry;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.Node;
import jp.uketsuke.voicebot.faq.FaqIndex;
import jp.uketsuke.voicebot.faq.FaqMatch;
import jp.uketsuke.voicebot.faq.SpokenChoice;
import jp.uketsuke.voicebot.faq.SpokenPhrases;

/**
 * What a flow understands of callers' words, built once per flow version: its FAQ index, the spoken options of its
 * menus and the words its branches look for, all through the language's analysis (Kuromoji for Japanese).
 */
final class Understanding {

    private final Flow flow;
    private final FaqIndex faq;
    private final Map<String, SpokenChoice<Node.Menu.Option>> menus = new HashMap<>();
    private final Map<List<String>, SpokenPhrases> mentions = new HashMap<>();
    private final Map<String, List<String>> menuPhrases = new HashMap<>();
    private final List<String> faqPhrases;
    private final List<String> vocabulary;

    Understanding(Flow flow) {
        this.flow = flow;
        this.faq = FaqIndex.of(flow.language(), flow.faq());
        List<String> asked = new ArrayList<>();
        flow.faq().forEach(e -> asked.addAll(e.phrases()));
        this.faqPhrases = List.copyOf(asked);
        LinkedHashSet<String> phrases = new LinkedHashSet<>(faqPhrases);
        for (Node n : flow.nodes()) {
            if (n instanceof Node.Menu menu) {
                Map<Node.Menu.Option, List<String>> options = new LinkedHashMap<>();
                menu.options().stream().filter(o -> !o.phrases().isEmpty()).forEach(o -> options.put(o, o.phrases()));
                menus.put(menu.id(), SpokenChoice.of(flow.language(), options));
                List<String> said = new ArrayList<>();
                options.values().forEach(said::addAll);
                menuPhrases.put(menu.id(), List.copyOf(said));
                phrases.addAll(said);
            } else if (n instanceof Node.Branch branch) {
                branch.cases().stream().filter(c -> c.test() == Node.Branch.Test.MENTIONS).forEach(c -> {
                    mentions.computeIfAbsent(c.values(), v -> SpokenPhrases.of(flow.language(), v));
                    phrases.addAll(c.values());
                });
            }
        }
        this.vocabulary = List.copyOf(phrases);
    }

    /** Every phrase the flow listens for anywhere: the hints for open questions. */
    List<String> vocabulary() {
        return vocabulary;
    }

    List<String> phrasesOf(Node.Menu menu) {
        return menuPhrases.getOrDefault(menu.id(), List.of());
    }

    List<String> faqPhrases() {
        return faqPhrases;
    }

    /** The FAQ entry the caller asked for, with how sure the match is; empty below the threshold. */
    Optional<FaqMatch> faq(String heard) {
        return faq.best(heard);
    }

    Optional<FaqEntry> faqByKey(char digit) {
        return flow.faq().stream().filter(e -> e.digit() != null && e.digit() == digit).findFirst();
    }

    /** The option whose words the caller said, or empty. */
    Optional<Node.Menu.Option> choose(Node.Menu menu, String heard) {
        SpokenChoice<Node.Menu.Option> choice = menus.get(menu.id());
        return choice == null ? Optional.empty() : choice.heard(heard);
    }

    /** Whether {@code heard} says any of {@code phrases} (in any inflection the analysis knows). */
    boolean mentions(String heard, List<String> phrases) {
        SpokenPhrases spoken = mentions.get(phrases);
        return spoken != null && spoken.saidIn(heard);
    }
}
