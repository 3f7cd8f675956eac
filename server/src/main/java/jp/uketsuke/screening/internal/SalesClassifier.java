package jp.uketsuke.screening.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Logistic regression over {@link CallerWords} features, trained by AdaGrad in a fixed order (the same model from
 * the same examples, every start). Each class weighs as much as the other in training, whatever their counts; an
 * example may weigh more (a tenant's own labels). Kept sparse: only the features the examples had.
 */
final class SalesClassifier {

    /** Features of one utterance, whether it was a sales call, and how much it counts. */
    record Example(int[] features, boolean sales, double weight) {
    }

    private static final int EPOCHS = 30;
    private static final double RATE = 0.5;
    private static final double L2 = 1e-5;
    private static final long ORDER_SEED = 20_261_207L;

    /** Sorted feature indices and their weights. */
    private final int[] features;
    private final float[] weights;

    private SalesClassifier(int[] features, float[] weights) {
        this.features = features;
        this.weights = weights;
    }

    static SalesClassifier train(List<Example> examples) {
        if (examples.stream().noneMatch(Example::sales) || examples.stream().allMatch(Example::sales)) {
            throw new IllegalArgumentException("training needs examples of both classes");
        }
        double salesWeight = examples.stream().filter(Example::sales).mapToDouble(Example::weight).sum();
        double otherWeight = examples.stream().filter(e -> !e.sales()).mapToDouble(Example::weight).sum();
        double total = salesWeight + otherWeight;
        double[] w = new double[CallerWords.DIMENSIONS];
        double[] squares = new double[CallerWords.DIMENSIONS];
        int[] order = new int[examples.size()];
        Arrays.setAll(order, i -> i);
        Random random = new Random(ORDER_SEED);
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int k : order) {
                Example e = examples.get(k);
                double x = 1 / Math.sqrt(e.features().length);
                double p = sigmoid(dot(w, e.features(), x));
                // balanced: each class carries half the total weight
                double balance = total / (2 * (e.sales() ? salesWeight : otherWeight));
                double gradient = (p - (e.sales() ? 1 : 0)) * e.weight() * balance * x;
                for (int f : e.features()) {
                    double g = gradient + L2 * w[f];
                    squares[f] += g * g;
                    w[f] -= RATE * g / (Math.sqrt(squares[f]) + 1e-8);
                }
            }
        }
        int[] used = examples.stream().flatMapToInt(e -> Arrays.stream(e.features())).distinct().sorted().toArray();
        float[] kept = new float[used.length];
        for (int i = 0; i < used.length; i++) {
            kept[i] = (float) w[used[i]];
        }
        return new SalesClassifier(used, kept);
    }

    /** How likely the words are a sales call: 0-1. */
    double salesScore(String words) {
        int[] f = CallerWords.features(words);
        double x = 1 / Math.sqrt(f.length);
        double sum = 0;
        for (int index : f) {
            int at = Arrays.binarySearch(features, index);
            if (at >= 0) {
                sum += weights[at] * x;
            }
        }
        return sigmoid(sum);
    }

    private static double dot(double[] w, int[] f, double x) {
        double sum = 0;
        for (int index : f) {
            sum += w[index] * x;
        }
        return sum;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
