package io.sparsa.train;

/**
 * A step learning-rate schedule as PyTorch's {@code StepLR(step_size=1, gamma)} stepped once per
 * epoch: epoch {@code e} (from 0) trains with {@code lr * gamma^e}.
 *
 * @param initial the learning rate of epoch 0
 * @param gamma   the factor applied after every epoch, in (0, 1]
 */
public record StepLr(float initial, float gamma) {
    public StepLr {
        if (!(initial > 0) || !Float.isFinite(initial)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + initial);
        }
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("learning-rate gamma must be in (0, 1], got " + gamma);
        }
    }

    /**
     * The rate for {@code epoch}: the initial rate multiplied by gamma once per epoch in double
     * precision (as PyTorch's Python floats are), rounded to float once.
     */
    public float rate(int epoch) {
        double lr = initial;
        for (int e = 0; e < epoch; e++) {
            lr *= gamma;
        }
        return (float) lr;
    }
}
