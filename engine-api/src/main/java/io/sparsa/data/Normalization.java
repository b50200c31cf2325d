package io.sparsa.data;

/**
 * Per-pixel standardisation {@code (x - mean) / std}, applied after any noise.
 *
 * @param mean subtracted from every pixel
 * @param std  divides every pixel; > 0
 */
public record Normalization(float mean, float std) {
    /** The MNIST statistics the paper (and PyTorch's MNIST examples) use. */
    public static final Normalization MNIST = new Normalization(0.1307f, 0.3081f);
    /** Leaves pixels in [0, 1]. */
    public static final Normalization NONE = new Normalization(0f, 1f);

    public Normalization {
        if (!Float.isFinite(mean)) {
            throw new IllegalArgumentException("normalisation mean must be finite, got " + mean);
        }
        if (!(std > 0) || !Float.isFinite(std)) {
            throw new IllegalArgumentException("normalisation std must be finite and > 0, got " + std);
        }
    }

    /** Normalises {@code values[offset .. offset + length)} in place. */
    public void apply(float[] values, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            values[i] = (values[i] - mean) / std;
        }
    }
}
