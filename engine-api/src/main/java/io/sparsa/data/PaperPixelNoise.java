package io.sparsa.data;

import java.util.Random;

/**
 * The noise of Ahmad and Scheinkman's robustness test: for noise level {@code eta}, exactly
 * {@code floor(pixels * eta)} distinct pixels of each image, chosen at random, are set to
 * {@link #NOISE_VALUE} = {@code 0.1307 + 2 * 0.3081} (two standard deviations above the MNIST
 * mean) before normalisation. On 28x28 images that is {@code floor(784 * eta)} pixels.
 */
public final class PaperPixelNoise implements ImageTransform {
    /** The value noisy pixels take, in [0, 1] pixel units. */
    public static final float NOISE_VALUE = (float) (0.1307 + 2 * 0.3081);

    /**
     * Guards the floor against a level like {@code 0.49999999999999994} produced by summing 0.05
     * ten times, which stands for 0.5.
     */
    private static final double LEVEL_EPSILON = 1e-9;

    private final double eta;

    /** @param eta the fraction of pixels to overwrite, in [0, 1] */
    public PaperPixelNoise(double eta) {
        if (!(eta >= 0 && eta <= 1)) {
            throw new IllegalArgumentException("pixel noise level eta must be in [0, 1], got " + eta);
        }
        this.eta = eta;
    }

    public double level() {
        return eta;
    }

    /** How many pixels of an image of {@code pixels} pixels are overwritten. */
    public int noisyPixels(int pixels) {
        return (int) Math.min(pixels, Math.floor(pixels * eta + LEVEL_EPSILON));
    }

    @Override
    public void apply(float[] values, int offset, int length, Random random) {
        int count = noisyPixels(length);
        if (count == 0) {
            return;
        }
        // Partial Fisher-Yates shuffle: the first `count` entries are a uniform sample without replacement.
        int[] order = new int[length];
        for (int i = 0; i < length; i++) {
            order[i] = i;
        }
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(length - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
            values[offset + order[i]] = NOISE_VALUE;
        }
    }

    @Override
    public String toString() {
        return "paper pixel noise " + eta;
    }
}
