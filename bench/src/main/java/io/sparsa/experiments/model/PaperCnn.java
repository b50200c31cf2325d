package io.sparsa.experiments.model;

import io.sparsa.backend.Backend;
import io.sparsa.experiments.noise.NoiseKind;
import io.sparsa.nn.Boosting;
import io.sparsa.nn.Conv2d;
import io.sparsa.nn.KWinnersBase;
import io.sparsa.nn.Sequential;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * One of the paper's MNIST networks (Ahmad and Scheinkman 2019, table of MNIST results). Every one
 * has one or two blocks of Conv 5x5 (stride 1, no padding, dense weights) then MaxPool 2 then
 * global {@code KWinners2d} (or ReLU when dense), then Flatten, a hidden layer ({@code SparseLinear}
 * at weight density {@link #HIDDEN_WEIGHT_DENSITY} or a dense {@code Linear}) with {@code KWinners}
 * (or ReLU), and a {@code Linear} output; the log-softmax is in the loss. k-winners layers use boost
 * strength 1.5, boost factor 0.85 per epoch, kInferenceFactor 1.5 and duty-cycle period 1000.
 *
 * @param name                the name ({@code sparse-cnn-2})
 * @param convChannels        output channels of each conv block
 * @param convWinners         k of each conv block's {@code KWinners2d} (of {@code C*H*W}); 0 = ReLU (all active)
 * @param hiddenUnits         units of the hidden layer
 * @param hiddenWinners       k of the hidden {@code KWinners}; 0 = ReLU (all active)
 * @param hiddenWeightDensity fraction of hidden weights kept; 1 = dense {@code Linear}
 * @param settings            the paper's training settings for this network
 * @param reference           the paper's published result
 * @param differences         how it differs from the shared settings, for reports
 */
public record PaperCnn(String name, int[] convChannels, int[] convWinners, int hiddenUnits, int hiddenWinners,
                       double hiddenWeightDensity, TrainingSettings settings, PaperReference reference,
                       String differences) implements Network {
    public static final int KERNEL = 5;
    public static final int POOL = 2;
    public static final double K_INFERENCE_FACTOR = 1.5;
    /** The paper's boosting: strength 1.5, multiplied by 0.85 after every epoch, duty-cycle period 1000. */
    public static final Boosting BOOSTING = new Boosting(1.5, 0.85, 1000);
    public static final double HIDDEN_WEIGHT_DENSITY = 0.3;

    private static final TrainingSettings SHARED = TrainingSettings.PAPER_SHARED;

    public static final PaperCnn DENSE_CNN_1 = new PaperCnn("dense-cnn-1", new int[]{30}, new int[]{0}, 1000, 0, 1.0,
            SHARED.withMomentum(0.9f), new PaperReference(99.14, 0.03, 74_569, 3_200),
            "no boosting, momentum 0.9, dense hidden weights");
    public static final PaperCnn DENSE_CNN_2 = new PaperCnn("dense-cnn-2", new int[]{30, 30}, new int[]{0, 0}, 1000, 0,
            1.0, SHARED.withMomentum(0.9f), new PaperReference(99.31, 0.06, 97_040, 2_853),
            "no boosting, momentum 0.9, dense hidden weights");
    public static final PaperCnn SPARSE_CNN_1 = new PaperCnn("sparse-cnn-1", new int[]{30}, new int[]{400}, 150, 50,
            HIDDEN_WEIGHT_DENSITY, SHARED.withFirstEpochBatchSize(4), new PaperReference(98.41, 0.08, 100_306, 1_735),
            "first-epoch batch 4");
    public static final PaperCnn SPARSE_CNN_2 = new PaperCnn("sparse-cnn-2", new int[]{32, 64}, new int[]{400, 300}, 700,
            100, HIDDEN_WEIGHT_DENSITY, SHARED.withLearningRate(0.02f).withEpochs(10).withFirstEpochBatchSize(4),
            new PaperReference(99.09, 0.05, 103_764, 1_125), "lr 0.02, 10 epochs, first-epoch batch 4");
    public static final PaperCnn DENSE_CNN_2_SP3 = new PaperCnn("dense-cnn-2-sp3", new int[]{30, 30}, new int[]{0, 0},
            700, 100, HIDDEN_WEIGHT_DENSITY, SHARED.withMomentum(0.5f), new PaperReference(99.13, 0.07, 100_318, 2_762),
            "momentum 0.5");
    public static final PaperCnn SPARSE_CNN_2_D3 = new PaperCnn("sparse-cnn-2-d3", new int[]{32, 64},
            new int[]{400, 300}, 1000, 0, 1.0, SHARED.withMomentum(0.9f), new PaperReference(98.89, 0.13, 102_328, 1_720),
            "dense hidden weights, momentum 0.9");
    public static final PaperCnn SPARSE_CNN_2_W1 = new PaperCnn("sparse-cnn-2-w1", new int[]{32, 64},
            new int[]{400, 300}, 700, 100, 1.0, SHARED, new PaperReference(98.20, 0.19, 100_322, 2_082),
            "dense hidden weights");
    public static final PaperCnn SPARSE_CNN_2_DSW = new PaperCnn("sparse-cnn-2-dsw", new int[]{32, 64},
            new int[]{400, 300}, 1000, 0, HIDDEN_WEIGHT_DENSITY, SHARED, new PaperReference(98.92, 0.09, 70_566, 2_857),
            "hidden weight density 0.3");

    /** The eight networks, in the paper's order. */
    public static final List<PaperCnn> ALL = List.of(DENSE_CNN_1, DENSE_CNN_2, SPARSE_CNN_1, SPARSE_CNN_2,
            DENSE_CNN_2_SP3, SPARSE_CNN_2_D3, SPARSE_CNN_2_W1, SPARSE_CNN_2_DSW);

    public PaperCnn {
        convChannels = convChannels.clone();
        convWinners = convWinners.clone();
        if (convChannels.length == 0 || convChannels.length != convWinners.length) {
            throw new IllegalArgumentException(name + ": one k per conv block needed, got channels "
                    + Arrays.toString(convChannels) + " and k " + Arrays.toString(convWinners));
        }
        if (!(hiddenWeightDensity > 0 && hiddenWeightDensity <= 1)) {
            throw new IllegalArgumentException(name + ": hidden weight density must be in (0, 1], got "
                    + hiddenWeightDensity);
        }
    }

    @Override
    public int[] convChannels() {
        return convChannels.clone();
    }

    @Override
    public int[] convWinners() {
        return convWinners.clone();
    }

    @Override
    public Family family() {
        return Family.PAPER_CNN;
    }

    @Override
    public List<NoiseKind> noiseTests() {
        return List.of(NoiseKind.PAPER);
    }

    @Override
    public Optional<PaperReference> paperReference() {
        return Optional.of(reference);
    }

    /** Whether any layer uses k-winners (and therefore boosting). */
    public boolean usesKWinners() {
        return hiddenWinners > 0 || Arrays.stream(convWinners).anyMatch(k -> k > 0);
    }

    @Override
    public String description() {
        StringJoiner j = new StringJoiner(" -> ");
        for (int i = 0; i < convChannels.length; i++) {
            j.add("Conv" + KERNEL + "x" + KERNEL + "(" + convChannels[i] + ") -> MaxPool" + POOL + " -> "
                    + (convWinners[i] > 0 ? "KWinners2d(k=" + convWinners[i] + ")" : "ReLU"));
        }
        j.add("Flatten");
        j.add((hiddenWeightDensity < 1 ? "SparseLinear(" + hiddenUnits + ", density " + hiddenWeightDensity + ")"
                : "Linear(" + hiddenUnits + ")") + " -> "
                + (hiddenWinners > 0 ? "KWinners(k=" + hiddenWinners + ")" : "ReLU"));
        j.add("Linear(classes)");
        return j.toString();
    }

    @Override
    public Sequential build(Backend backend, long seed, int[] imageShape, int classes) {
        Sequential.Builder b = Sequential.builder(backend, seed, imageShape);
        for (int i = 0; i < convChannels.length; i++) {
            b.conv2d(convChannels[i], KERNEL, 1, 0).maxPool2d(POOL);
            if (convWinners[i] > 0) {
                b.kWinners2d(convWinners[i], K_INFERENCE_FACTOR, BOOSTING);
            } else {
                b.relu();
            }
        }
        b.flatten();
        if (hiddenWeightDensity < 1) {
            b.sparseLinear(hiddenUnits, 1 - hiddenWeightDensity);
        } else {
            b.linear(hiddenUnits);
        }
        if (hiddenWinners > 0) {
            b.kWinners(hiddenWinners, K_INFERENCE_FACTOR, BOOSTING);
        } else {
            b.relu();
        }
        Sequential network = b.linear(classes).build();
        useSparseInputConvolutions(network);
        return network;
    }

    /**
     * Lets every convolution behind a k-winners layer run, at inference, as the sparse-input
     * convolution (cost proportional to the nonzero inputs; training is unaffected): at most k of
     * its {@code C*H*W} inputs are nonzero (600 of 4,608 for {@code sparse-cnn-2}'s second
     * convolution). The first convolution stays dense: on MNIST pixels (about 19% nonzero, one
     * channel) the sparse-input one measured no faster, as writing its 32 x 24 x 24 outputs costs
     * as much as the dense product. A convolution behind ReLU has about half its inputs nonzero.
     */
    static void useSparseInputConvolutions(Sequential network) {
        for (int i = 1; i < network.size(); i++) {
            if (network.layer(i) instanceof Conv2d conv && network.layer(i - 1) instanceof KWinnersBase) {
                conv.sparseInputAtInference(true);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PaperCnn p && name.equals(p.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
