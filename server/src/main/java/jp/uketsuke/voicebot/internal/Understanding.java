package jp.uketsuke.voicebot.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import jp.uketsuke.voicebot.FaqEntry;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.Node;

/**
 * What a flow understands of callers' words, built once per flow version: its FAQ, the spoken options of its menus
 * and the words its branches look for, all through the language's analyzer.
 */
final class Understanding {

    private final Flow flow;
    private final FaqMatcher faq;
    private final List<String> vocabulary;

    Understanding(Flow flow) {
        this.flow = flow;
        this.faq = new FaqMatcher(flow.language(), flow.faq());
        LinkedHashSet<String> phrases = new LinkedHashSet<>();
        flow.faq().forEach(e -> phrases.addAll(e.phrases()));
        for (Node n : flow.nodes()) {
            if (n instanceof Node.Menu menu) {
                menu.options().forEach(o -> phrases.addAll(o.phrases()));
            } else if (n instanceof Node.Branch branch) {
                branch.cases().stream().filter(c -> c.test() == Node.Branch.Test.MENTIONS)
                        .forEach(c -> phrases.addAll(c.values()));
            }
        }
        this.vocabulary = List.copyOf(phrases);
    }

    /** Every phrase the flow listens for anywhere: the hints for open questions. */
    List<String> vocabulary() {
        return vocabulary;
    }

    List<String> phrasesOf(Node.Menu menu) {
        List<String> phrases = new ArrayList<>();
        menu.options().forEach(o -> phrases.addAll(o.phrases()));
        return phrases;
    }

    List<String> faqPhrases() {
        List<String> phrases = new ArrayList<>();
        flow.faq().forEach(e -> phrases.addAll(e.phrases()));
        return phrases;
    }

    /** The FAQ entry the caller asked for, with how sure the match is; empty below the threshold. */
    Optional<Match> faq(String heard) {
        return faq.match(heard).map(e -> new Match(e, 1.0));
    }

    Optional<FaqEntry> faqByKey(char digit) {
        return flow.faq().stream().filter(e -> e.digit() != null && e.digit() == digit).findFirst();
    }

    /** The option whose words the caller said, or empty. */
    Optional<Node.Menu.Option> choose(Node.Menu menu, String heard) {
        return menu.options().stream().filter(o -> !o.phrases().isEmpty() && faq.saidAny(heard, o.phrases()))
                .findFirst();
    }

    /** Whether {@code heard} says the words of {@code phrase} (in any order, in any inflection the analyzer knows). */
    boolean mentions(String heard, String phrase) {
        return faq.saidAny(heard, List.of(phrase));
    }

    record Match(FaqEntry entry, double score) {
    }
}
