package jp.uketsuke.screening.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.uketsuke.screening.internal.LabelledExamples.Labelled;

/**
 * A classifier with the score above which a call counts as sales. The threshold is chosen for precision: on a part
 * of the set the classifier did not learn from, the lowest score at which {@link #TARGET_PRECISION} of the calls it
 * would turn away are sales calls, and never below {@link #LOWEST_THRESHOLD}: an uncertain caller is let through.
 * So is one who said fewer than {@link #FEWEST_WORDS} words ("operator", 「担当者」): too little to judge.
 */
final class SalesModel {

    /** Asked of the validation part; CI fails below 0.95 on the held-out part, so this leaves room. */
    static final double TARGET_PRECISION = 0.98;
    static final double LOWEST_THRESHOLD = 0.6;
    static final int FEWEST_WORDS = 3;
    /** A tenant's own label counts as this many examples of the shared set: its calls, its customers. */
    static final double TENANT_WEIGHT = 5;
    private static final int VALIDATION_PART = 1;

    private final List<SalesClassifier.Example> shared;
    private final SalesClassifier classifier;
    private final double threshold;

    private SalesModel(List<SalesClassifier.Example> shared, SalesClassifier classifier, double threshold) {
        this.shared = shared;
        this.classifier = classifier;
        this.threshold = threshold;
    }

    /** Learns from the whole of {@code examples}, with a threshold chosen on a fifth of them learnt without it. */
    static SalesModel learn(List<Labelled> examples) {
        List<Labelled> fitting = new ArrayList<>();
        List<Labelled> validation = new ArrayList<>();
        examples.forEach(e -> (LabelledExamples.inPart(e.group(), VALIDATION_PART) ? validation : fitting).add(e));
        SalesClassifier trial = SalesClassifier.train(featurised(fitting));
        double threshold = chooseThreshold(trial, validation);
        List<SalesClassifier.Example> all = featurised(examples);
        return new SalesModel(all, SalesClassifier.train(all), threshold);
    }

    /**
     * The shared model with a tenant's labelled calls added (true: sales), at the shared threshold.
     *
     * @param labels the caller's words of each labelled call and its label
     */
    SalesModel withTenantLabels(List<Map.Entry<String, Boolean>> labels) {
        if (labels.isEmpty()) {
            return this;
        }
        List<SalesClassifier.Example> examples = new ArrayList<>(shared);
        labels.forEach(l -> examples.add(new SalesClassifier.Example(CallerWords.features(l.getKey()), l.getValue(),
                TENANT_WEIGHT)));
        return new SalesModel(shared, SalesClassifier.train(examples), threshold);
    }

    double score(String words) {
        return classifier.salesScore(words);
    }

    /** @param score this model's {@link #score} of the words */
    boolean isSales(String words, double score) {
        return score >= threshold && CallerWords.words(words) >= FEWEST_WORDS;
    }

    double threshold() {
        return threshold;
    }

    private static double chooseThreshold(SalesClassifier classifier, List<Labelled> validation) {
        double[] scores = validation.stream().mapToDouble(e -> CallerWords.words(e.text()) < FEWEST_WORDS ? 0
                : classifier.salesScore(e.text())).toArray();
        for (int t = (int) Math.round(LOWEST_THRESHOLD * 100); t < 100; t++) {
            int turnedAway = 0;
            int sales = 0;
            for (int i = 0; i < scores.length; i++) {
                if (scores[i] >= t / 100.0) {
                    turnedAway++;
                    sales += validation.get(i).sales() ? 1 : 0;
                }
            }
            if (turnedAway > 0 && (double) sales / turnedAway >= TARGET_PRECISION) {
                return t / 100.0;
            }
        }
        return 0.99;
    }

    private static List<SalesClassifier.Example> featurised(List<Labelled> examples) {
        return examples.stream().map(e -> new SalesClassifier.Example(CallerWords.features(e.text()), e.sales(), 1))
                .toList();
    }
}
