package io.sparsa.experiments.run;

import io.sparsa.backend.Backend;
import io.sparsa.data.DataLoader;
import io.sparsa.data.Dataset;
import io.sparsa.data.LabeledImages;
import io.sparsa.data.Normalization;
import io.sparsa.experiments.classifier.ImageClassifier;
import io.sparsa.experiments.classifier.NetworkClassifier;
import io.sparsa.experiments.classifier.SpatialPoolerKnn;
import io.sparsa.experiments.model.ComparedModel;
import io.sparsa.experiments.model.Network;
import io.sparsa.experiments.model.SpatialPoolerBaseline;
import io.sparsa.experiments.model.TrainingSettings;
import io.sparsa.experiments.noise.NoiseEvaluation;
import io.sparsa.experiments.noise.NoiseKind;
import io.sparsa.experiments.noise.NoiseResult;
import io.sparsa.experiments.report.Reports;
import io.sparsa.experiments.report.RunInfo;
import io.sparsa.htm.ActivityStats;
import io.sparsa.htm.BinaryCodes;
import io.sparsa.htm.SpatialPoolerClassifier;
import io.sparsa.htm.SpatialPoolerConfig;
import io.sparsa.io.ModelFile;
import io.sparsa.nn.Sequential;
import io.sparsa.train.EpochResult;
import io.sparsa.train.Evaluation;
import io.sparsa.train.Trainer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs an {@link ExperimentPlan}: trains every network once per seed (fits every baseline), tests
 * it on the clean test images and under its noise tests, saves it, and rewrites every report after
 * each model, so an interrupted run keeps the finished models and partial tables. Every model is
 * tested through {@link ImageClassifier}, so all of them see the same clean and noisy images.
 */
public final class Reproduction {
    /** Inputs are standardised with the MNIST statistics the paper uses, whatever the dataset. */
    public static final Normalization NORMALIZATION = Normalization.MNIST;
    /** Images per batch when testing. */
    static final int TEST_BATCH = NoiseEvaluation.BATCH;

    private final ExperimentPlan plan;
    private final Dataset dataset;
    private final LabeledImages train;
    private final LabeledImages test;
    private final Backend backend;
    private final Path out;
    private final ProgressReporter progress;
    private final StopSignal stop;
    private final RunInfo info;
    private final long start = System.nanoTime();
    private Consumer<ModelResult> onFinished = r -> { };

    public Reproduction(ExperimentPlan plan, Dataset dataset, Backend backend, Path out, ProgressReporter progress,
                        StopSignal stop, String command) {
        this.plan = plan;
        this.dataset = dataset;
        this.train = limit(dataset.train(), plan.trainLimit());
        this.test = limit(dataset.test(), plan.testLimit());
        this.backend = backend;
        this.out = out;
        this.progress = progress;
        this.stop = stop;
        this.info = new RunInfo(plan.mode().id(), command, dataset.name(), dataset.source(), train.size(), test.size(),
                backend.name(), backend.deviceDescription(), RunInfo.currentJdk(), RunInfo.currentMachine(),
                java.time.OffsetDateTime.now().withNano(0).toString(), 0, false,
                plan.reductions(dataset.train().size(), dataset.test().size()));
    }

    /** Calls {@code listener} after each model's results are written. */
    public Reproduction onFinished(Consumer<ModelResult> listener) {
        this.onFinished = listener;
        return this;
    }

    /** The first {@code limit} images (all when 0 or larger than the set). */
    public static LabeledImages limit(LabeledImages images, int limit) {
        return limit > 0 && limit < images.size() ? images.slice(0, limit) : images;
    }

    /** Trains and tests everything; returns the finished results (fewer when stopped). */
    public List<ModelResult> run() throws IOException {
        Files.createDirectories(out.resolve("models"));
        PrintStream console = progress.out();
        console.printf(Locale.ROOT, "sparsa reproduce (%s mode): %d model%s x %d seed%s on %s (%,d training, %,d test"
                        + " images) with backend %s [%s], JDK %s%n", plan.mode().id(), plan.runs().size(),
                plan.runs().size() == 1 ? "" : "s", plan.seeds().size(), plan.seeds().size() == 1 ? "" : "s",
                dataset.name(), train.size(), test.size(), backend.name(), backend.deviceDescription(), info.jdk());
        if (!info.reductions().isEmpty()) {
            console.println("reduced from the paper's protocol to fit the time budget:");
            for (String r : info.reductions()) {
                console.println("  - " + r);
            }
        }
        console.println("results go to " + out.toAbsolutePath());
        List<ModelResult> results = new ArrayList<>();
        outer:
        for (long seed : plan.seeds()) {
            for (ExperimentPlan.PlannedRun run : plan.runs()) {
                if (stop.requested()) {
                    break outer;
                }
                ModelResult r = trainAndTest(run, seed);
                if (r == null) {
                    break outer;
                }
                results.add(r);
                Reports.write(out, results, currentInfo(), false);
                onFinished.accept(r);
            }
        }
        RunInfo finalInfo = currentInfo();
        Reports.write(out, results, finalInfo);
        Reports.printConsole(console, results, finalInfo);
        console.println("results written to " + out.toAbsolutePath() + " (results.md, results.csv, results.json, "
                + "charts, models/)");
        console.flush();
        return results;
    }

    private RunInfo currentInfo() {
        return info.at((System.nanoTime() - start) / 1e9, stop.requested());
    }

    /** One model and seed; null when stopped before it finished. */
    ModelResult trainAndTest(ExperimentPlan.PlannedRun run, long seed) throws IOException {
        if (run.model() instanceof Network n) {
            return trainAndTest(n, run.settings(), seed);
        }
        if (run.model() instanceof SpatialPoolerBaseline b) {
            return fitAndTest(b, seed);
        }
        throw new IllegalArgumentException("no way to train " + run.model().name() + " ("
                + run.model().getClass().getName() + ")");
    }

    /** One network and seed; null when stopped before it finished. */
    ModelResult trainAndTest(Network network, TrainingSettings settings, long seed) throws IOException {
        String label = network.name() + " seed " + seed;
        try (Sequential model = network.build(backend, seed, train.imageShape(), Math.max(train.classCount(),
                test.classCount()))) {
            progress.message(String.format(Locale.ROOT, "== %s: %s; %,d parameters; %s", label, network.description(),
                    model.parameterCount(), settings.describe()));
            Trainer trainer = new Trainer(model, settings.toConfig());
            progress.startModel(label, settings.epochs());
            trainer.onBatch(progress::batch).onEpoch(progress::epoch);
            stop.watch(trainer);
            List<EpochResult> history;
            try {
                history = trainer.fit(new DataLoader(train, NORMALIZATION, null, seed));
            } finally {
                stop.watch(null);
            }
            if (trainer.wasStopped() || stop.requested()) {
                progress.message("  " + label + ": stopped before the end of training; not saved");
                return null;
            }
            String file = "models/" + network.name() + "-seed" + seed + ".safetensors";
            ModelFile.save(model, out.resolve(file));
            ImageClassifier classifier = new NetworkClassifier(model, NORMALIZATION, TEST_BATCH);
            Evaluation clean = classifier.evaluate(test, null, seed);
            progress.message(String.format(Locale.ROOT, "  %s: test accuracy %.4f (%d/%d), saved %s", label,
                    clean.accuracy(), clean.correct(), clean.total(), file));
            List<NoiseResult> noise = noiseTests(network, classifier, label, seed, "the model is saved, its results");
            if (noise == null) {
                return null;
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("parameters", model.parameterCount());
            return ModelResult.fromEpochs(network, seed, dataset.name(), backend.name(), settings, history,
                    train.size(), test.size(), clean.correct(), clean.meanLoss(), noise, details, file);
        }
    }

    /**
     * One baseline and seed: the pooler (learning first if configured) encodes the training images,
     * the k-NN stores their codes, and it is tested like a network. Nothing is saved: the pooler is
     * rebuilt from its configuration and seed. Null when stopped before it finished.
     */
    ModelResult fitAndTest(SpatialPoolerBaseline baseline, long seed) {
        String label = baseline.label() + " seed " + seed;
        if (train.channels() != 1) {
            throw new IllegalArgumentException("the spatial pooler baseline takes single-channel images; dataset "
                    + dataset.name() + " has " + train.channels() + " channels");
        }
        progress.message(String.format(Locale.ROOT, "== %s: %s", label, baseline.description()));
        try (SpatialPoolerClassifier sp = baseline.create(backend, train.height(), train.width(), seed)) {
            SpatialPoolerConfig config = sp.pooler().config();
            long start = System.nanoTime();
            for (int pass = 1; pass <= baseline.learnEpochs(); pass++) {
                if (stop.requested()) {
                    progress.message("  " + label + ": stopped while the pooler learned");
                    return null;
                }
                ActivityStats s = sp.learn(train, SpatialPoolerBaseline.LEARN_BATCH);
                progress.message(String.format(Locale.ROOT, "  %s learning pass %d/%d: %s", label, pass,
                        baseline.learnEpochs(), s));
            }
            BinaryCodes codes = sp.fit(train);
            double seconds = (System.nanoTime() - start) / 1e9;
            ActivityStats activity = ActivityStats.of(codes);
            progress.message(String.format(Locale.ROOT, "  %s: encoded and stored %,d training images in %.1f s (%.0f"
                            + " images/s); %s", label, codes.rows(), seconds, codes.rows() / Math.max(seconds, 1e-9),
                    activity));
            ImageClassifier classifier = new SpatialPoolerKnn(sp, TEST_BATCH);
            Evaluation clean = classifier.evaluate(test, null, seed);
            progress.message(String.format(Locale.ROOT, "  %s: test accuracy %.4f (%d/%d), not saved (rebuilt from its"
                    + " configuration and seed)", label, clean.accuracy(), clean.correct(), clean.total()));
            List<NoiseResult> noise = noiseTests(baseline, classifier, label, seed, "its results");
            if (noise == null) {
                return null;
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("columns", config.numColumns());
            details.put("activeColumns", config.numActiveColumns());
            details.put("k", baseline.k());
            details.put("distance", baseline.distance().name().toLowerCase(Locale.ROOT));
            details.put("poolerSeed", config.seed());
            details.put("learningPasses", baseline.learnEpochs());
            details.put("meanActiveColumns", activity.meanActive());
            details.put("minActiveColumns", activity.minActive());
            details.put("columnsEverWon", activity.columnsEverWon());
            return new ModelResult(baseline, seed, dataset.name(), backend.name(), null, List.of(), seconds,
                    train.size(), test.size(), clean.correct(), clean.meanLoss(), noise, details, null);
        }
    }

    /** Every noise test of {@code model}; null when stopped ({@code kept} says what is lost, for the message). */
    private List<NoiseResult> noiseTests(ComparedModel model, ImageClassifier classifier, String label, long seed,
                                         String kept) {
        List<NoiseResult> noise = new ArrayList<>();
        for (NoiseKind kind : model.noiseTests()) {
            NoiseResult n = NoiseEvaluation.evaluate(classifier, test, kind, kind.defaultLevels(), seed,
                    stop::requested, NoiseEvaluation.LevelListener.NONE);
            if (n == null) {
                progress.message("  " + label + ": stopped during the noise tests; " + kept + " are not in the tables");
                return null;
            }
            noise.add(n);
            progress.message(String.format(Locale.ROOT, "  %s: %s noise score %,d of %,d (%.4f)", label, kind.id(),
                    n.score(), n.max(), n.fraction()));
        }
        return noise;
    }
}
