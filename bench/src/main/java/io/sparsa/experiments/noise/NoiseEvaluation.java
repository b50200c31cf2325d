package io.sparsa.experiments.noise;

import io.sparsa.data.DataLoader;
import io.sparsa.data.LabeledImages;
import io.sparsa.data.Normalization;
import io.sparsa.nn.Sequential;
import io.sparsa.train.Evaluator;

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
     * Accuracy at each level.
     *
     * @param batch     images per evaluation batch
     * @param stop      checked before each level; when it answers true, returns null
     * @param afterEach told each finished level (for progress)
     */
    public static NoiseResult evaluate(Sequential model, LabeledImages test, Normalization normalization,
                                       NoiseKind kind, List<Double> levels, long seed, int batch,
                                       BooleanSupplier stop,
                                       LevelListener afterEach) {
        int[] correct = new int[levels.size()];
        for (int i = 0; i < levels.size(); i++) {
            if (stop.getAsBoolean()) {
                return null;
            }
            double level = levels.get(i);
            // one generator stream per level, so adding a level does not change the others
            long levelSeed = seed ^ Double.doubleToLongBits(level) * 0x9E3779B97F4A7C15L;
            DataLoader loader = new DataLoader(test, normalization, kind.transform(level), levelSeed);
            correct[i] = Evaluator.evaluate(model, loader, batch).correct();
            afterEach.finished(level, correct[i], test.size());
        }
        return new NoiseResult(kind, levels, correct, test.size());
    }

    /** Told the outcome of every level as soon as it is known. */
    @FunctionalInterface
    public interface LevelListener {
        /** Nothing to tell. */
        LevelListener NONE = (level, correct, total) -> { };

        void finished(double level, int correct, int total);
    }
}
