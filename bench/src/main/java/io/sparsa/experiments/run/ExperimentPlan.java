package io.sparsa.experiments.run;

import io.sparsa.experiments.model.ComparedModel;
import io.sparsa.experiments.model.ComparedModels;
import io.sparsa.experiments.model.Network;
import io.sparsa.experiments.model.PaperCnn;
import io.sparsa.experiments.model.RegulariserMlp;
import io.sparsa.experiments.model.TrainingSettings;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * What a {@code reproduce} run trains: which networks, with which settings, and which baselines,
 * on how many images, with which seeds, and how that differs from the paper ({@link #reductions()}).
 *
 * <p>The modes' budgets were measured on a two-core machine with the CPU backend (see the README's
 * results section); the default mode must stay under ten minutes there, so it trains the paper's
 * networks for fewer epochs (keeping the paper's first-epoch batch of 4 where the paper uses it).
 * The full mode adds the baselines ({@link ComparedModels#baselines()}: the HTM spatial pooler with
 * k-NN); the other modes add them when asked ({@link Options#baselines()}), since testing the
 * spatial pooler under every noise level takes about a minute of CPU time on the bundled digits,
 * a sixth or more of the default mode's time.
 *
 * @param mode        the mode
 * @param runs        the models to train, in order, each network with its settings
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

    /**
     * One model and how it is trained in this run.
     *
     * @param model    the model
     * @param settings a network's training settings; null for a model not trained by gradient descent
     */
    public record PlannedRun(ComparedModel model, TrainingSettings settings) {
        public PlannedRun {
            if (model == null) {
                throw new IllegalArgumentException("model must not be null");
            }
            if ((model instanceof Network) != (settings != null)) {
                throw new IllegalArgumentException(model.name() + ": a network needs training settings, and only a"
                        + " network has them");
            }
        }

        /** The training in one line. */
        public String training() {
            return settings != null ? settings.describe() : ModelResult.NO_GRADIENT_DESCENT;
        }
    }

    /**
     * Per-mode budget.
     *
     * @param cnnEpochs           at most this many epochs for the paper's networks (0 = as the paper)
     * @param mlpEpochs           at most this many epochs for the MLPs (0 = as specified)
     * @param trainLimit          training images (0 = all)
     * @param testLimit           test images (0 = all)
     * @param seeds               default number of seeds
     * @param models              default models
     */
    record Budget(int cnnEpochs, int mlpEpochs, int trainLimit, int testLimit, int seeds,
                  List<ComparedModel> models) {
    }

    /** The default subset: the paper's headline pair and the whole regulariser comparison. */
    static List<ComparedModel> representative() {
        List<ComparedModel> n = new ArrayList<>(List.of(PaperCnn.DENSE_CNN_2, PaperCnn.SPARSE_CNN_2));
        n.addAll(RegulariserMlp.ALL);
        return n;
    }

    static Budget budget(Mode mode) {
        return switch (mode) {
            case QUICK -> new Budget(1, 2, 3000, 1000, 1, representative());
            // at most the bundled digits' 8,000 / 2,000 images, so larger datasets keep the time budget too
            case STANDARD -> new Budget(2, 5, 8000, 2000, 1, representative());
            case FULL -> new Budget(0, 0, 0, 0, PAPER_SEEDS, ComparedModels.all());
        };
    }

    /**
     * Options that change a mode's plan.
     *
     * @param seeds      number of seeds (null = the mode's)
     * @param models     model names: networks and baselines (null = the mode's)
     * @param epochs     epochs for every network (null = the mode's)
     * @param trainLimit training images (null = the mode's; 0 = all)
     * @param testLimit  test images (null = the mode's; 0 = all)
     * @param baselines  add the baselines to the models (the full mode has them anyway)
     */
    public record Options(Integer seeds, List<String> models, Integer epochs, Integer trainLimit, Integer testLimit,
                          boolean baselines) {
        public static final Options NONE = new Options(null, null, null, null, null);

        /** Without the baselines, unless the mode has them. */
        public Options(Integer seeds, List<String> models, Integer epochs, Integer trainLimit, Integer testLimit) {
            this(seeds, models, epochs, trainLimit, testLimit, false);
        }
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
        List<ComparedModel> models = b.models();
        if (options.models() != null) {
            LinkedHashSet<ComparedModel> chosen = new LinkedHashSet<>();
            for (String m : options.models()) {
                chosen.add(ComparedModels.byName(m));
            }
            if (chosen.isEmpty()) {
                throw new IllegalArgumentException("--models: name at least one model; known models: "
                        + String.join(", ", ComparedModels.names()));
            }
            models = List.copyOf(chosen);
        }
        if (options.baselines()) {
            LinkedHashSet<ComparedModel> with = new LinkedHashSet<>(models);
            with.addAll(ComparedModels.baselines());
            models = List.copyOf(with);
        }
        List<PlannedRun> runs = new ArrayList<>();
        List<String> reductions = new ArrayList<>();
        for (ComparedModel m : models) {
            if (!(m instanceof Network n)) {
                runs.add(new PlannedRun(m, null));
                continue;
            }
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

    /** Total epochs of gradient descent over all runs and seeds (for estimates). */
    public int totalEpochs() {
        return runs.stream().filter(r -> r.settings() != null).mapToInt(r -> r.settings().epochs()).sum() * seeds.size();
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
