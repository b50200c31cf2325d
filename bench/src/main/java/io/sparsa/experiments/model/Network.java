package io.sparsa.experiments.model;

import io.sparsa.backend.Backend;
import io.sparsa.nn.Sequential;

/**
 * A named network of the experiments: how to build it, how the paper trains it; tested like every
 * {@link ComparedModel}.
 */
public interface Network extends ComparedModel {
    /** The training settings as specified (the paper's, for its networks). */
    TrainingSettings settings();

    /**
     * Builds the network with fresh weights drawn from {@code seed}, for images of
     * {@code imageShape} ({@code [C, H, W]}) and {@code classes} classes. The output is the logits;
     * the log-softmax is part of the loss.
     */
    Sequential build(Backend backend, long seed, int[] imageShape, int classes);
}
