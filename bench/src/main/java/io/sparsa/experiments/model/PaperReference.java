package io.sparsa.experiments.model;

/**
 * A result published by Ahmad and Scheinkman (2019) for one network on full MNIST: 10 seeds, mean
 * and standard deviation; the noise score is the number of correct test answers summed over the
 * 11 pixel-noise levels 0.0 to 0.5, out of {@link #NOISE_MAX} (11 levels of 10,000 test images).
 *
 * @param accuracyPercent    mean test accuracy, percent
 * @param accuracyStdPercent its standard deviation
 * @param noiseScore         mean noise score
 * @param noiseScoreStd      its standard deviation
 */
public record PaperReference(double accuracyPercent, double accuracyStdPercent, double noiseScore,
                             double noiseScoreStd) {
    /** The largest possible noise score in the paper: 11 levels of 10,000 images. */
    public static final int NOISE_MAX = 110_000;

    /** The noise score as a fraction of its maximum, comparable across test-set sizes. */
    public double noiseFraction() {
        return noiseScore / NOISE_MAX;
    }

    public double noiseFractionStd() {
        return noiseScoreStd / NOISE_MAX;
    }
}
