package jp.uketsuke.voicebot.faq;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import jp.uketsuke.voicebot.FaqEntry;

/**
 * A tenant's FAQ, ready to find the entry a caller's words ask for (F3). Built once per FAQ and language; immutable,
 * so one index serves every call at once.
 *
 * <p>Each phrasing and each answer is analysed once (Kuromoji readings and reading bigrams for Japanese, stems for
 * English). An utterance is compared with every phrasing: how much of the phrasing the caller said, and how much of
 * what the caller said the phrasing explains, each weighted by how rare the words are among the entries; the
 * phrasing's share counts four times the caller's (callers add context). The answer counts too, at a lower weight.
 * The result is a confidence in [0, 1] that means the same for every entry, which a plain BM25 score, unbounded
 * and dependent on the query, does not; that and the small size of an FAQ are why this is kept by hand over the
 * analysed terms rather than in a Lucene index.
 */
public final class FaqIndex {

    public static final int MAX_ENTRIES = 2000;
    public static final int MAX_PHRASES_PER_ENTRY = 50;
    public static final int MAX_PHRASE_CHARS = 500;
    public static final int MAX_ANSWER_CHARS = 2000;
    /** Longer utterances are cut to this many characters before analysis. */
    public static final int MAX_HEARD_CHARS = Analysis.MAX_HEARD_CHARS;

    /** For Japanese FAQs; chosen on the first half of the evaluation set in src/test/resources/faq-eval. */
    public static final double DEFAULT_THRESHOLD = 0.35;
    /**
     * For English FAQs, chosen on the development set (its first half alone prefers 0.43). English phrasings are short
     * and a stem matches exactly, so a chance match of one word scores higher than a chance match of Japanese readings.
     */
    public static final double DEFAULT_ENGLISH_THRESHOLD = 0.45;

    /** Phrasing coverage counts β² = 4 times the utterance's: callers wrap questions in context. */
    private static final double BETA_SQUARED = 4;
    /** An utterance that only the answer explains is a weaker sign than one that matches a phrasing. */
    private static final double ANSWER_WEIGHT = 0.6;
    /** Reading bigrams are a fallback: two kana in common are weaker evidence than a word in common. */
    private static final double GRAM_WEIGHT = 0.8;
    /** A synonym ("visa" for "credit card") is good evidence, but the FAQ's own word is better. */
    private static final double SYNONYM_CREDIT = 0.8;

    private final Analysis analysis;
    private final List<FaqEntry> entries;
    private final List<View> views;
    private final Map<String, int[]> postings;
    private final TermWeights weights;
    private final KanaSpotter spotter;
    private final double threshold;

    /** One phrasing or answer, analysed, with the total weight of its terms and the keys of its content words. */
    private record View(int entry, boolean answer, double wordWeight, double gramWeight, Set<String> keys) {
    }

    private FaqIndex(Analysis analysis, List<FaqEntry> entries, List<View> views, Map<String, int[]> postings,
                     TermWeights weights, KanaSpotter spotter, double threshold) {
        this.analysis = analysis;
        this.entries = entries;
        this.views = views;
        this.postings = postings;
        this.weights = weights;
        this.spotter = spotter;
        this.threshold = threshold;
    }

    /**
     * @param language BCP 47 tag of the FAQ ("ja-JP", "en-US"); Japanese gets Kuromoji, everything else English rules
     * @throws IllegalArgumentException when the FAQ is past a limit, naming the entry
     */
    public static FaqIndex of(String language, List<FaqEntry> entries) {
        Objects.requireNonNull(entries, "entries");
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("an FAQ holds at most " + MAX_ENTRIES + " entries; this one has "
                    + entries.size());
        }
        for (int i = 0; i < entries.size(); i++) {
            check(entries.get(i), i);
        }
        Analysis analysis = Analysis.forLanguage(language);
        List<Spoken> analysed = new ArrayList<>();
        List<Spoken> phrasings = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        List<Boolean> answers = new ArrayList<>();
        List<Set<String>> entryTerms = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            FaqEntry entry = entries.get(i);
            Set<String> terms = new HashSet<>();
            for (String phrase : entry.phrases()) {
                Spoken spoken = analysis.analyse(phrase);
                analysed.add(spoken);
                phrasings.add(spoken);
                owners.add(i);
                answers.add(false);
                terms.addAll(termsOf(spoken));
            }
            Spoken answer = analysis.analyseAnswer(entry.answer());
            analysed.add(answer);
            owners.add(i);
            answers.add(true);
            terms.addAll(termsOf(answer));
            entryTerms.add(terms);
        }
        TermWeights weights = TermWeights.over(entryTerms);
        List<View> views = new ArrayList<>();
        Map<String, List<Integer>> postingLists = new HashMap<>();
        for (int v = 0; v < analysed.size(); v++) {
            Spoken spoken = analysed.get(v);
            boolean answer = answers.get(v);
            Set<String> words = spoken.contentBySense().keySet();
            // An answer is long prose: only its words count, its bigrams would match anything.
            Set<String> grams = answer ? Set.of() : spoken.grams();
            views.add(new View(owners.get(v), answer, total(words, "w", weights), total(grams, "g", weights),
                    Set.copyOf(spoken.content())));
            for (String word : words) {
                postingLists.computeIfAbsent("w" + word, k -> new ArrayList<>()).add(v);
            }
            for (String gram : grams) {
                postingLists.computeIfAbsent("g" + gram, k -> new ArrayList<>()).add(v);
            }
        }
        Map<String, int[]> postings = new HashMap<>();
        postingLists.forEach((term, list) -> postings.put(term, list.stream().mapToInt(Integer::intValue).toArray()));
        KanaSpotter spotter = KanaSpotter.of(phrasings);
        return new FaqIndex(analysis, List.copyOf(entries), List.copyOf(views), Map.copyOf(postings), weights,
                spotter, analysis instanceof JapaneseAnalysis ? DEFAULT_THRESHOLD : DEFAULT_ENGLISH_THRESHOLD);
    }

    /** The same index, answering only from this confidence up. */
    public FaqIndex withThreshold(double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("an FAQ threshold lies in [0, 1], not " + threshold);
        }
        return new FaqIndex(analysis, entries, views, postings, weights, spotter, threshold);
    }

    public double threshold() {
        return threshold;
    }

    /** The entry the caller asked for, when the index is at least {@link #threshold()} sure. */
    public Optional<FaqMatch> best(String heard) {
        // A seller's words may touch an entry ("we offer free parking audits"), but a pitch is no question to answer.
        if (analysis.soundsLikeASalesPitch(heard)) {
            return Optional.empty();
        }
        return ranked(heard, 1).stream().filter(m -> m.score() >= threshold).findFirst();
    }

    /** Up to n entries the caller may have asked for, surest first, whatever the threshold (for the simulator). */
    public List<FaqMatch> ranked(String heard, int n) {
        if (n <= 0) {
            return List.of();
        }
        Spoken said = analysis.analyse(heard);
        Map<String, Set<String>> senses = said.contentBySense();
        spotter.wordsIn(said.reading()).forEach(key -> senses.computeIfAbsent(key, k -> new HashSet<>()).add(key));
        Set<String> words = senses.keySet();
        Set<String> grams = said.grams();
        if (words.isEmpty() && grams.isEmpty()) {
            return List.of();
        }
        double[] wordHits = new double[views.size()];
        double[] gramHits = new double[views.size()];
        accumulateSenses(senses, wordHits);
        accumulate(grams, "g", gramHits);
        double saidWords = total(words, "w", weights);
        double saidGrams = total(grams, "g", weights);
        double[] scores = new double[entries.size()];
        for (int v = 0; v < views.size(); v++) {
            if (wordHits[v] == 0 && gramHits[v] == 0) {
                continue;
            }
            View view = views.get(v);
            double score = view.answer()
                    ? ANSWER_WEIGHT * share(wordHits[v], saidWords)
                    : Math.max(agreement(wordHits[v], view.wordWeight(), saidWords),
                            GRAM_WEIGHT * agreement(gramHits[v], view.gramWeight(), saidGrams));
            scores[view.entry()] = Math.max(scores[view.entry()], score);
        }
        List<FaqMatch> matches = new ArrayList<>();
        for (int e = 0; e < scores.length; e++) {
            if (scores[e] > 0) {
                matches.add(new FaqMatch(entries.get(e), Math.min(1, scores[e])));
            }
        }
        matches.sort(Comparator.comparingDouble(FaqMatch::score).reversed());
        return List.copyOf(matches.subList(0, Math.min(n, matches.size())));
    }

    /** Weighted F-measure of the phrasing's share said and the utterance's share explained. */
    private static double agreement(double hits, double phrasing, double said) {
        if (hits == 0 || phrasing == 0 || said == 0) {
            return 0;
        }
        double phrasingShare = hits / phrasing;
        double saidShare = hits / said;
        return (1 + BETA_SQUARED) * phrasingShare * saidShare / (BETA_SQUARED * saidShare + phrasingShare);
    }

    private static double share(double hits, double said) {
        return said == 0 ? 0 : hits / said;
    }

    /** Like {@link #accumulate}, a sense said only through a synonym of the view's word earning less. */
    private void accumulateSenses(Map<String, Set<String>> senses, double[] hits) {
        senses.forEach((sense, saidKeys) -> {
            int[] holding = postings.get("w" + sense);
            if (holding != null) {
                double weight = weights.of("w" + sense);
                for (int v : holding) {
                    boolean ownWord = saidKeys.stream().anyMatch(views.get(v).keys()::contains);
                    hits[v] += ownWord ? weight : SYNONYM_CREDIT * weight;
                }
            }
        });
    }

    private void accumulate(Set<String> terms, String field, double[] hits) {
        for (String term : terms) {
            int[] holding = postings.get(field + term);
            if (holding != null) {
                double weight = weights.of(field + term);
                for (int v : holding) {
                    hits[v] += weight;
                }
            }
        }
    }

    private static double total(Set<String> terms, String field, TermWeights weights) {
        return terms.stream().mapToDouble(t -> weights.of(field + t)).sum();
    }

    private static Set<String> termsOf(Spoken spoken) {
        Set<String> terms = new HashSet<>();
        spoken.contentBySense().keySet().forEach(w -> terms.add("w" + w));
        spoken.grams().forEach(g -> terms.add("g" + g));
        return terms;
    }

    private static void check(FaqEntry entry, int position) {
        if (entry == null) {
            throw new IllegalArgumentException("FAQ entry #" + (position + 1) + " is missing");
        }
        String name = nameOf(entry, position);
        if (entry.phrases().size() > MAX_PHRASES_PER_ENTRY) {
            throw new IllegalArgumentException(name + " has " + entry.phrases().size() + " phrasings; at most "
                    + MAX_PHRASES_PER_ENTRY + " are allowed");
        }
        for (int p = 0; p < entry.phrases().size(); p++) {
            if (entry.phrases().get(p).length() > MAX_PHRASE_CHARS) {
                throw new IllegalArgumentException(name + ": phrasing " + (p + 1) + " has "
                        + entry.phrases().get(p).length() + " characters; at most " + MAX_PHRASE_CHARS + " are allowed");
            }
        }
        if (entry.answer().length() > MAX_ANSWER_CHARS) {
            throw new IllegalArgumentException(name + ": the answer has " + entry.answer().length()
                    + " characters; at most " + MAX_ANSWER_CHARS + " are allowed");
        }
    }

    /** "FAQ entry 'hours' (#3)", the id shortened and stripped of control characters so the message stays readable. */
    private static String nameOf(FaqEntry entry, int position) {
        String id = entry.id() == null ? "" : entry.id().replaceAll("\\p{Cntrl}", "").strip();
        if (id.length() > 40) {
            id = id.substring(0, 40) + "…";
        }
        return id.isEmpty() ? "FAQ entry #" + (position + 1) : "FAQ entry '" + id + "' (#" + (position + 1) + ")";
    }

    @Override
    public String toString() {
        return "FaqIndex[" + entries.size() + " entries, threshold " + threshold + "]";
    }

}
