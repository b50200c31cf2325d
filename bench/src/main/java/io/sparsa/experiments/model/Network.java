package io.sparsa.experiments.model;

import io.sparsa.backend.Backend;
import io.sparsa.experiments.noise.NoiseKind;
import io.sparsa.nn.Sequential;

import java.util.List;
import java.util.Optional;

/** A named network of the experiments: how to build it, how the paper trains it, how it is tested. */
public interface Network {
    /** The name used on the command line and in reports ({@code sparse-cnn-2}). */
    String name();

    /** Which experiment it belongs to. */
    Family family();

    /** One line describing the layers. */
    String description();

    /** The training settings as specified (the paper's, for its networks). */
    TrainingSettings settings();

    /** The noise tests it is evaluated under. */
    List<NoiseKind> noiseTests();

    /** The paper's published result, for the paper's networks. */
    Optional<PaperReference> paperReference();

    /**
     * Builds the network with fresh weights drawn from {@code seed}, for images of
     * {@code imageShape} ({@code [C, H, W]}) and {@code classes} classes. The output is the logits;
     * the log-softmax is part of the loss.
     */
    Sequential build(Backend backend, long seed, int[] imageShape, int classes);

    /** The two experiments. */
    enum Family {
        /** The paper's MNIST CNNs, compared by test accuracy and noise score. */
        PAPER_CNN("paper networks"),
        /** One MLP with different regularisers, compared under Gaussian and pixel noise. */
        REGULARISER_MLP("regulariser comparison");

        private final String title;

        Family(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }
}
