package jp.uketsuke.voicebot.faq;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * How much a word (or reading bigram) tells one entry from another: BM25's inverse document frequency over the
 * entries, so 「です」 or "what" said in every entry weighs almost nothing and 「駐車場」 a lot. A word no entry has
 * weighs as much as the rarest, so a caller who talks about something else is not mistaken for a match.
 */
final class TermWeights {

    private final Map<String, Double> weights;
    private final double unseen;

    private TermWeights(Map<String, Double> weights, double unseen) {
        this.weights = Map.copyOf(weights);
        this.unseen = unseen;
    }

    /** @param entryTerms for each entry, every term its phrasings and answer contain */
    static TermWeights over(Collection<Set<String>> entryTerms) {
        Map<String, Integer> entriesWith = new HashMap<>();
        entryTerms.forEach(terms -> terms.forEach(t -> entriesWith.merge(t, 1, Integer::sum)));
        int entries = entryTerms.size();
        Map<String, Double> weights = new HashMap<>();
        entriesWith.forEach((term, count) -> weights.put(term, idf(entries, count)));
        return new TermWeights(weights, idf(entries, 0));
    }

    double of(String term) {
        return weights.getOrDefault(term, unseen);
    }

    private static double idf(int entries, int entriesWithTerm) {
        return Math.log(1 + (entries - entriesWithTerm + 0.5) / (entriesWithTerm + 0.5));
    }
}
