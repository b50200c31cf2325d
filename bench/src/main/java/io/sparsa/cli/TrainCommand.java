package io.sparsa.cli;

import io.sparsa.backend.Backend;
import io.sparsa.data.DataLoader;
import io.sparsa.data.Dataset;
import io.sparsa.data.LabeledImages;
import io.sparsa.experiments.model.Network;
import io.sparsa.experiments.model.Networks;
import io.sparsa.experiments.model.TrainingSettings;
import io.sparsa.experiments.run.ProgressReporter;
import io.sparsa.experiments.run.Reproduction;
import io.sparsa.experiments.run.StopSignal;
import io.sparsa.io.ModelFile;
import io.sparsa.nn.Sequential;
import io.sparsa.train.Evaluation;
import io.sparsa.train.Evaluator;
import io.sparsa.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code sparsa train}: trains one named network, reports its test accuracy and saves it. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train one of the named networks (the paper's CNNs or the regulariser-comparison MLPs) with its "
                + "settings, print each epoch and the test accuracy, and save the model as safetensors.",
                "Options given here override the network's settings. Ctrl-C stops after the current batch "
                        + "(the unfinished model is not saved; exit code 130)."})
final class TrainCommand implements Callable<Integer> {
    /** Exit code of a run stopped by Ctrl-C, as a shell reports SIGINT. */
    static final int INTERRUPTED = 130;

    @Option(names = "--model", paramLabel = "NAME", description = "The network to train (see --list).")
    String model;

    @Option(names = "--list", description = "List the networks with their layers and settings, and exit.")
    boolean list;

    @Mixin
    DatasetOption dataset;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: the network's).")
    Integer epochs;

    @Option(names = "--batch", paramLabel = "N", description = "Batch size (default: the network's, 64).")
    Integer batch;

    @Option(names = "--first-epoch-batch", paramLabel = "N",
            description = "Batch size of the first epoch (default: the network's; 4 for sparse-cnn-1 and sparse-cnn-2).")
    Integer firstEpochBatch;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate of the first epoch (default: the network's).")
    Float lr;

    @Option(names = "--momentum", paramLabel = "M", description = "SGD momentum (default: the network's).")
    Float momentum;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the weights, masks and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    BackendOption backend;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Where to save the model (default: models/NAME-seedN.safetensors).")
    Path out;

    @Option(names = "--limit-train", hidden = true, paramLabel = "N", description = "Train on the first N images only.")
    Integer limitTrain;

    @Option(names = "--limit-test", hidden = true, paramLabel = "N", description = "Test on the first N images only.")
    Integer limitTest;

    @Override
    public Integer call() throws IOException {
        PrintStream stdout = System.out;
        if (list) {
            for (Network n : Networks.all()) {
                stdout.printf("%-20s %s%n%-20s %s%n", n.name(), n.description(), "", n.settings().describe());
            }
            return 0;
        }
        if (model == null) {
            throw new IllegalArgumentException("--model is required; known models: " + String.join(", ",
                    Networks.names()));
        }
        Network network = Networks.byName(model);
        TrainingSettings settings = settings(network);
        Dataset data = dataset.load();
        LabeledImages train = Reproduction.limit(data.train(), nonNegative("--limit-train", limitTrain));
        LabeledImages test = Reproduction.limit(data.test(), nonNegative("--limit-test", limitTest));
        Path file = out != null ? out : Path.of("models", network.name() + "-seed" + seed + ".safetensors");
        try (Backend b = backend.open(stdout);
             StopSignal stop = StopSignal.onCtrlC(System.err);
             ProgressReporter progress = ProgressReporter.forConsole(stdout);
             Sequential net = network.build(b, seed, train.imageShape(),
                     Math.max(train.classCount(), test.classCount()))) {
            stdout.printf(Locale.ROOT, "training %s on %s (%,d training, %,d test images): %s; %,d parameters; %s%n",
                    network.name(), data.name(), train.size(), test.size(), network.description(),
                    net.parameterCount(), settings.describe());
            Trainer trainer = new Trainer(net, settings.toConfig());
            progress.startModel(network.name(), settings.epochs());
            trainer.onBatch(progress::batch).onEpoch(progress::epoch);
            stop.watch(trainer);
            trainer.fit(new DataLoader(train, Reproduction.NORMALIZATION, null, seed));
            stop.watch(null);
            if (trainer.wasStopped() || stop.requested()) {
                progress.message("stopped before the end of training; the model was not saved");
                return INTERRUPTED;
            }
            Evaluation e = Evaluator.evaluate(net, new DataLoader(test, Reproduction.NORMALIZATION, null, seed), 500);
            progress.message(String.format(Locale.ROOT, "test accuracy: %.4f (%d/%d, loss %.4f)", e.accuracy(),
                    e.correct(), e.total(), e.meanLoss()));
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            ModelFile.save(net, file);
            progress.message("saved " + file);
            return 0;
        }
    }

    /** The network's settings with the options given. */
    TrainingSettings settings(Network network) {
        TrainingSettings s = network.settings();
        if (epochs != null) {
            requirePositive("--epochs", epochs);
            s = s.withEpochs(epochs);
        }
        if (batch != null) {
            requirePositive("--batch", batch);
            s = s.withBatchSize(batch);
        }
        if (firstEpochBatch != null) {
            requirePositive("--first-epoch-batch", firstEpochBatch);
            s = s.withFirstEpochBatchSize(firstEpochBatch);
        }
        if (lr != null) {
            if (!(lr > 0) || lr.isInfinite()) {
                throw new IllegalArgumentException("--lr must be a finite number > 0, got " + lr);
            }
            s = s.withLearningRate(lr);
        }
        if (momentum != null) {
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("--momentum must be in [0, 1), got " + momentum);
            }
            s = s.withMomentum(momentum);
        }
        return s;
    }

    static void requirePositive(String option, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(option + " must be >= 1, got " + v);
        }
    }

    static int nonNegative(String option, Integer v) {
        if (v == null) {
            return 0;
        }
        if (v < 0) {
            throw new IllegalArgumentException(option + " must be >= 0 (0 = all), got " + v);
        }
        return v;
    }
}
