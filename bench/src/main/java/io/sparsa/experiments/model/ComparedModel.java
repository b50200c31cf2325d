package io.sparsa.experiments.model;

import io.sparsa.experiments.noise.NoiseKind;

import java.util.List;
import java.util.Optional;

/**
 * One row of the comparison: a model trained on the training digits and tested on the same clean
 * and noisy test images as every other row. The paper's networks and the regulariser MLPs are
 * {@link Network}s; a baseline such as the HTM spatial pooler with a k-NN classifier
 * ({@link SpatialPoolerBaseline}) is compared with them without being a network.
 */
public interface ComparedModel {
    /** The name used on the command line and in results files ({@code sparse-cnn-2}, {@code sp-knn}). */
    String name();

    /** The name shown in tables and chart legends; a baseline says that it is one. */
    default String label() {
        return name();
    }

    /** Which experiment it belongs to. */
    Family family();

    /** One line describing how it computes its answer (layers, or encoder and classifier). */
    String description();

    /** A few words saying what sets it apart from the other rows of its table. */
    default String title() {
        return description();
    }

    /** The noise tests it is evaluated under. */
    List<NoiseKind> noiseTests();

    /** The paper's published result, for the paper's networks. */
    Optional<PaperReference> paperReference();

    /** The experiments, and the baselines compared with all of them. */
    enum Family {
        /** The paper's MNIST CNNs, compared by test accuracy and noise score. */
        PAPER_CNN("paper networks"),
        /** One MLP with different regularisers, compared under Gaussian and pixel noise. */
        REGULARISER_MLP("regulariser comparison"),
        /**
         * Models outside the paper shown beside every experiment's networks, tested under every
         * noise the networks are tested under.
         */
        BASELINE("baselines");

        private final String title;

        Family(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }
}
