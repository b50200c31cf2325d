package io.sparsa.experiments.noise;

import java.util.List;

/**
 * Accuracy of one model at every level of one noise test.
 *
 * @param kind    the noise
 * @param levels  the levels, in order
 * @param correct correct answers at each level
 * @param total   test images per level
 */
public record NoiseResult(NoiseKind kind, List<Double> levels, int[] correct, int total) {
    public NoiseResult {
        levels = List.copyOf(levels);
        correct = correct.clone();
        if (correct.length != levels.size()) {
            throw new IllegalArgumentException("one count per level needed: " + levels.size() + " levels, "
                    + correct.length + " counts");
        }
    }

    @Override
    public int[] correct() {
        return correct.clone();
    }

    /** Accuracy at level index {@code i}. */
    public double accuracy(int i) {
        return total == 0 ? 0 : (double) correct[i] / total;
    }

    /** Accuracy at every level, in order. */
    public double[] accuracies() {
        double[] a = new double[correct.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = accuracy(i);
        }
        return a;
    }

    /** The noise score: correct answers summed over the levels (the paper's measure). */
    public long score() {
        long s = 0;
        for (int c : correct) {
            s += c;
        }
        return s;
    }

    /** The largest possible score: levels times test images. */
    public long max() {
        return (long) total * levels.size();
    }

    /** The score as a fraction of its maximum, comparable across test-set sizes. */
    public double fraction() {
        return max() == 0 ? 0 : (double) score() / max();
    }
}
