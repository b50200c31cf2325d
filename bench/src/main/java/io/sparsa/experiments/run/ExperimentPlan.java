package io.sparsa.experiments.run;

import io.sparsa.experiments.model.Network;
import io.sparsa.experiments.model.Networks;
import io.sparsa.experiments.model.PaperCnn;
import io.sparsa.experiments.model.RegulariserMlp;
import io.sparsa.experiments.model.TrainingSettings;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * What a {@code reproduce} run trains: which networks, with which settings, on how many images,
 * with which seeds, and how that differs from the paper ({@link #reductions()}).
 *
 * <p>The modes' budgets were measured on a two-core machine with the CPU backend (see the README's
 * results section); the default mode must stay under ten minutes there, so it trains the paper's
 * networks for fewer epochs (keeping the paper's first-epoch batch of 4 where the paper uses it).
 *
 * @param mode        the mode
 * @param runs        the networks to train, in order, each with its settings
 * @param seeds       the seeds; every network is trained once per seed
 * @param trainLimit  train on the first this many training images; 0 = all
 * @param testLimit   test on the first this many test images; 0 = all
 * @param reductions  human-readable differences from the paper's protocol, besides the image limits
 *                    (see {@link #reductions(int, int)})
 */
public record ExperimentPlan(Mode mode, List<PlannedRun> runs, List<Long> seeds, int trainLimit, int testLimit,
                             List<String> reductions) {
    /** The paper's number of seeds. */
    public static final int PAPER_SEEDS = 10;

    public ExperimentPlan {
        runs = List.copyOf(runs);
        seeds = List.copyOf(seeds);
        reductions = List.copyOf(reductions);
    }

    /** One network and how it is trained in this run. */
    public record PlannedRun(Network network, TrainingSettings settings) {
    }

    /**
     * Per-mode budget.
     *
     * @param cnnEpochs           at most this many epochs for the paper's networks (0 = as the paper)
     * @param mlpEpochs           at most this many epochs for the MLPs (0 = as specified)
     * @param trainLimit          training images (0 = all)
     * @param testLimit           test images (0 = all)
     * @param seeds               default number of seeds
     * @param networks            default networks
     */
    record Budget(int cnnEpochs, int mlpEpochs, int trainLimit, int testLimit, int seeds,
                  List<Network> networks) {
    }

    /** The default subset: the paper's headline pair and the whole regulariser comparison. */
    static List<Network> representative() {
        List<Network> n = new ArrayList<>(List.of(PaperCnn.DENSE_CNN_2, PaperCnn.SPARSE_CNN_2));
        n.addAll(RegulariserMlp.ALL);
        return n;
    }

    static Budget budget(Mode mode) {
        return switch (mode) {
            case QUICK -> new Budget(1, 2, 3000, 1000, 1, representative());
            // at most the bundled digits' 8,000 / 2,000 images, so larger datasets keep the time budget too
            case STANDARD -> new Budget(2, 5, 8000, 2000, 1, representative());
            case FULL -> new Budget(0, 0, 0, 0, PAPER_SEEDS, Networks.all());
        };
    }

    /**
     * Options that change a mode's plan.
     *
     * @param seeds      number of seeds (null = the mode's)
     * @param models     network names (null = the mode's)
     * @param epochs     epochs for every network (null = the mode's)
     * @param trainLimit training images (null = the mode's; 0 = all)
     * @param testLimit  test images (null = the mode's; 0 = all)
     */
    public record Options(Integer seeds, List<String> models, Integer epochs, Integer trainLimit, Integer testLimit) {
        public static final Options NONE = new Options(null, null, null, null, null);
    }

    /** The plan of {@code mode} with {@code options} applied. */
    public static ExperimentPlan create(Mode mode, Options options) {
        Budget b = budget(mode);
        int seedCount = positive("--seeds", options.seeds(), b.seeds());
        if (options.epochs() != null && options.epochs() < 1) {
            throw new IllegalArgumentException("--epochs must be >= 1, got " + options.epochs());
        }
        int trainLimit = nonNegative("--limit-train", options.trainLimit(), b.trainLimit());
        int testLimit = nonNegative("--limit-test", options.testLimit(), b.testLimit());
        List<Network> networks = b.networks();
        if (options.models() != null) {
            LinkedHashSet<Network> chosen = new LinkedHashSet<>();
            for (String m : options.models()) {
                chosen.add(Networks.byName(m));
            }
            if (chosen.isEmpty()) {
                throw new IllegalArgumentException("--models: name at least one model; known models: "
                        + String.join(", ", Networks.names()));
            }
            networks = List.copyOf(chosen);
        }
        List<PlannedRun> runs = new ArrayList<>();
        List<String> reductions = new ArrayList<>();
        for (Network n : networks) {
            TrainingSettings paper = n.settings();
            TrainingSettings s = paper;
            int cap = n.family() == Network.Family.PAPER_CNN ? b.cnnEpochs() : b.mlpEpochs();
            if (options.epochs() != null) {
                s = s.withEpochs(options.epochs());
            } else if (cap > 0 && cap < s.epochs()) {
                s = s.withEpochs(cap);
            }
            runs.add(new PlannedRun(n, s));
            String diff = difference(paper, s);
            if (!diff.isEmpty()) {
                reductions.add(n.name() + ": " + diff);
            }
        }
        if (seedCount < PAPER_SEEDS) {
            reductions.add(seedCount + " seed" + (seedCount == 1 ? "" : "s") + " instead of the paper's " + PAPER_SEEDS
                    + (seedCount == 1 ? " (no standard deviations)" : ""));
        }
        List<Long> seeds = new ArrayList<>();
        for (long s = 1; s <= seedCount; s++) {
            seeds.add(s);
        }
        return new ExperimentPlan(mode, runs, seeds, trainLimit, testLimit, reductions);
    }

    /**
     * The differences from the paper for a dataset of {@code trainImages} and {@code testImages}:
     * {@link #reductions()} plus the image limits that cut it.
     */
    public List<String> reductions(int trainImages, int testImages) {
        List<String> out = new ArrayList<>(reductions);
        if (trainLimit > 0 && trainLimit < trainImages) {
            out.add(String.format(Locale.ROOT, "training on the first %,d of %,d training images only", trainLimit,
                    trainImages));
        }
        if (testLimit > 0 && testLimit < testImages) {
            out.add(String.format(Locale.ROOT, "testing on the first %,d of %,d test images only", testLimit,
                    testImages));
        }
        return out;
    }

    /** Total epochs of training over all runs and seeds (for estimates). */
    public int totalEpochs() {
        return runs.stream().mapToInt(r -> r.settings().epochs()).sum() * seeds.size();
    }

    private static String difference(TrainingSettings paper, TrainingSettings s) {
        List<String> d = new ArrayList<>();
        if (s.epochs() != paper.epochs()) {
            d.add(s.epochs() + " of " + paper.epochs() + " epochs");
        }
        if (s.firstEpochBatchSize() != paper.firstEpochBatchSize()) {
            d.add("first-epoch batch " + s.firstEpochBatchSize() + " instead of " + paper.firstEpochBatchSize());
        }
        return String.join(", ", d);
    }

    private static int positive(String option, Integer value, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be >= 1, got " + value);
        }
        return value;
    }

    private static int nonNegative(String option, Integer value, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < 0) {
            throw new IllegalArgumentException(option + " must be >= 0 (0 = all), got " + value);
        }
        return value;
    }
}
