package io.sparsa.experiments.noise;

import io.sparsa.data.LabeledImages;
import io.sparsa.data.Normalization;
import io.sparsa.experiments.classifier.ImageClassifier;
import io.sparsa.experiments.classifier.NetworkClassifier;
import io.sparsa.nn.Sequential;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Tests a trained model on noisy copies of the test images. The noise of image {@code i} depends
 * only on the seed, the level and {@code i}, so every model tested with one seed sees exactly the
 * same noisy images.
 */
public final class NoiseEvaluation {
    /** Images per evaluation batch. */
    public static final int BATCH = 500;

    private NoiseEvaluation() {
    }

    /**
     * Accuracy of a network at each level (see {@link #evaluate(ImageClassifier, LabeledImages, NoiseKind, List,
     * long, BooleanSupplier, LevelListener)}).
     *
     * @param normalization applied after the noise, as in training
     * @param batch         images per evaluation batch
     */
    public static NoiseResult evaluate(Sequential model, LabeledImages test, Normalization normalization,
                                       NoiseKind kind, List<Double> levels, long seed, int batch,
                                       BooleanSupplier stop,
                                       LevelListener afterEach) {
        return evaluate(new NetworkClassifier(model, normalization, batch), test, kind, levels, seed, stop, afterEach);
    }

    /**
     * Accuracy of any classifier at each level.
     *
     * @param stop      checked before each level; when it answers true, returns null
     * @param afterEach told each finished level (for progress)
     */
    public static NoiseResult evaluate(ImageClassifier classifier, LabeledImages test, NoiseKind kind,
                                       List<Double> levels, long seed, BooleanSupplier stop, LevelListener afterEach) {
        int[] correct = new int[levels.size()];
        for (int i = 0; i < levels.size(); i++) {
            if (stop.getAsBoolean()) {
                return null;
            }
            double level = levels.get(i);
            correct[i] = classifier.evaluate(test, kind.transform(level), levelSeed(seed, level)).correct();
            afterEach.finished(level, correct[i], test.size());
        }
        return new NoiseResult(kind, levels, correct, test.size());
    }

    /** One generator stream per level, so adding a level does not change the others. */
    static long levelSeed(long seed, double level) {
        return seed ^ Double.doubleToLongBits(level) * 0x9E3779B97F4A7C15L;
    }

    /** Told the outcome of every level as soon as it is known. */
    @FunctionalInterface
    public interface LevelListener {
        /** Nothing to tell. */
        LevelListener NONE = (level, correct, total) -> { };

        void finished(double level, int correct, int total);
    }
}
