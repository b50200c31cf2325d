package io.sparsa.experiments.model;

import io.sparsa.backend.Backend;
import io.sparsa.experiments.noise.NoiseKind;
import io.sparsa.htm.ImageBinarizer;
import io.sparsa.htm.KnnClassifier;
import io.sparsa.htm.SpatialPoolerClassifier;
import io.sparsa.htm.SpatialPoolerConfig;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The HTM baseline: Numenta's spatial pooler encodes each binarised image as a set of active
 * columns, and a k-nearest-neighbour classifier votes among the stored codes of the training
 * images. Nothing is trained by gradient descent: the pooler learns for {@code learnEpochs} passes
 * (none in the reported setup, whose permanences stay as drawn), then every training image is
 * encoded and stored.
 *
 * <p>Run seed {@code s} uses the pooler seed {@code config.seed() + s - 1}, so seed 1 is the
 * configuration exactly (the preset's 7777) and several seeds give several random potential pools,
 * as they give the networks several random initial weights.
 *
 * @param name              the name on the command line and in results files
 * @param config            the pooler; its input dimensions are replaced by the dataset's image size
 * @param learnEpochs       learning passes of the pooler over the training images before encoding (>= 0)
 * @param k                 neighbours that vote
 * @param distance          how codes are compared
 * @param binarizeThreshold a pixel (grey level / 255) is on when above this
 */
public record SpatialPoolerBaseline(String name, SpatialPoolerConfig config, int learnEpochs, int k,
                                    KnnClassifier.Distance distance, float binarizeThreshold) implements ComparedModel {
    /** Inputs per learning step: Numenta's online learning. */
    public static final int LEARN_BATCH = 1;

    /**
     * The setup reported with 95.73% on full MNIST: the {@code thread-mnist} preset (64x64
     * columns, 240 active, learning off), 1-NN by overlap, pixels on above 0.5.
     */
    public static final SpatialPoolerBaseline THREAD_MNIST = new SpatialPoolerBaseline("sp-knn",
            SpatialPoolerConfig.threadMnist(), 0, 1, KnnClassifier.Distance.OVERLAP, ImageBinarizer.DEFAULT_THRESHOLD);

    /** Every baseline, in report order. */
    public static final List<SpatialPoolerBaseline> ALL = List.of(THREAD_MNIST);

    public SpatialPoolerBaseline {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a baseline needs a name, got '" + name + "'");
        }
        if (config == null || distance == null) {
            throw new IllegalArgumentException("config and distance must not be null");
        }
        if (learnEpochs < 0) {
            throw new IllegalArgumentException("learnEpochs must be >= 0, got " + learnEpochs);
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (!(binarizeThreshold >= 0f && binarizeThreshold < 1f)) {
            throw new IllegalArgumentException("binarizeThreshold must lie in [0, 1), got " + binarizeThreshold);
        }
    }

    @Override
    public String label() {
        return name + " (HTM baseline)";
    }

    @Override
    public Family family() {
        return Family.BASELINE;
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "binarise (pixel > %s) -> spatial pooler (%s columns, %d active, potential"
                        + " radius %d, %.0f%% of it pooled, synPermConnected %s, boost strength %s, %s) -> %d-NN by %s",
                number(binarizeThreshold), dims(config.columnDimensions()), config.numActiveColumns(),
                config.potentialRadius(), config.potentialPct() * 100, number(config.synPermConnected()),
                number(config.boostStrength()), learns() ? learnEpochs + " learning pass" + (learnEpochs == 1 ? "" : "es")
                        : "learning off", k, distance.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public String title() {
        return "HTM spatial pooler + " + k + "-NN";
    }

    /** Both noise tests, so its robustness compares with every network's. */
    @Override
    public List<NoiseKind> noiseTests() {
        return List.of(NoiseKind.GAUSSIAN, NoiseKind.PAPER);
    }

    @Override
    public Optional<PaperReference> paperReference() {
        return Optional.empty();
    }

    /** Whether the pooler learns before encoding (a pass can change boosting even without permanence steps). */
    public boolean learns() {
        return learnEpochs > 0;
    }

    /** The configuration for images of {@code height x width} and run seed {@code seed} (see the class comment). */
    public SpatialPoolerConfig configFor(int height, int width, long seed) {
        return config.toBuilder().inputDimensions(height, width).seed(config.seed() + seed - 1).build();
    }

    /** A fresh, untrained pooler and classifier on {@code backend}. */
    public SpatialPoolerClassifier create(Backend backend, int height, int width, long seed) {
        return new SpatialPoolerClassifier(backend, configFor(height, width, seed), k, distance, binarizeThreshold);
    }

    @Override
    public String toString() {
        return name;
    }

    private static String dims(int[] d) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < d.length; i++) {
            sb.append(i == 0 ? "" : "x").append(d[i]);
        }
        return sb.toString();
    }

    private static String number(float v) {
        String s = Float.toString(v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
