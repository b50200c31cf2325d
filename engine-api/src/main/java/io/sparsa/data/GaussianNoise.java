package io.sparsa.data;

import java.util.Random;

/** Additive Gaussian noise, {@code clamp(x + sigma * N(0, 1), 0, 1)} per pixel, before normalisation. */
public final class GaussianNoise implements ImageTransform {
    private final double sigma;

    /** @param sigma standard deviation of the noise, >= 0 */
    public GaussianNoise(double sigma) {
        if (!(sigma >= 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("Gaussian noise sigma must be finite and >= 0, got " + sigma);
        }
        this.sigma = sigma;
    }

    public double sigma() {
        return sigma;
    }

    @Override
    public void apply(float[] values, int offset, int length, Random random) {
        if (sigma == 0) {
            return;
        }
        for (int i = offset; i < offset + length; i++) {
            double v = values[i] + sigma * random.nextGaussian();
            values[i] = (float) Math.min(1.0, Math.max(0.0, v));
        }
    }

    @Override
    public String toString() {
        return "Gaussian noise sigma " + sigma;
    }
}
