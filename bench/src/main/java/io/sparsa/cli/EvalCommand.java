package io.sparsa.cli;

import io.sparsa.backend.Backend;
import io.sparsa.data.DataLoader;
import io.sparsa.data.Dataset;
import io.sparsa.data.LabeledImages;
import io.sparsa.experiments.noise.NoiseEvaluation;
import io.sparsa.experiments.noise.NoiseKind;
import io.sparsa.experiments.noise.NoiseResult;
import io.sparsa.experiments.run.Reproduction;
import io.sparsa.io.ModelFile;
import io.sparsa.nn.Sequential;
import io.sparsa.tensor.Shapes;
import io.sparsa.train.Evaluation;
import io.sparsa.train.Evaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code sparsa eval}: rebuilds a network from its model file alone and tests it, optionally under noise. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Test a saved model: the network is rebuilt from the safetensors file alone (its "
                + "sparsa.architecture metadata). Prints 'test accuracy: A', then, with --noise, the accuracy at every "
                + "noise level and the noise score (correct answers summed over the levels)."})
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model-file", required = true, paramLabel = "FILE", description = "The model (.safetensors).")
    Path modelFile;

    @Mixin
    DatasetOption dataset;

    @Option(names = "--noise", paramLabel = "KIND",
            description = "Also test under noise: paper (the paper's pixel noise, levels 0.0, 0.05, ..., 0.5) or "
                    + "gaussian (additive, sigma 0.0, 0.05, 0.1, 0.2, ..., 0.8).")
    String noise;

    @Option(names = "--levels", paramLabel = "L1,L2,...",
            description = "Noise levels instead of the defaults: fractions of pixels in [0, 1] for paper noise, "
                    + "standard deviations >= 0 for gaussian.")
    String levels;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the noise (default: ${DEFAULT-VALUE}; reproduce tests seed N's models with seed N).")
    long seed;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "500",
            description = "Images per evaluation batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Mixin
    BackendOption backend;

    @Option(names = "--limit-test", hidden = true, paramLabel = "N", description = "Test on the first N images only.")
    Integer limitTest;

    @Override
    public Integer call() throws IOException {
        PrintStream stdout = System.out;
        NoiseKind kind = noise != null ? NoiseKind.parse(noise) : null;
        if (kind == null && levels != null) {
            throw new IllegalArgumentException("--levels needs --noise paper or --noise gaussian");
        }
        List<Double> levelList = kind != null ? kind.parseLevels(levels) : List.of();
        TrainCommand.requirePositive("--batch", batch);
        if (!Files.isRegularFile(modelFile)) {
            throw new IllegalArgumentException("--model-file: no such file: " + modelFile.toAbsolutePath());
        }
        Dataset data = dataset.load();
        LabeledImages test = Reproduction.limit(data.test(), TrainCommand.nonNegative("--limit-test", limitTest));
        try (Backend b = backend.open(stdout); Sequential model = ModelFile.load(b, modelFile)) {
            check(model, test, data.name());
            stdout.printf(Locale.ROOT, "model %s: %d layers, %,d parameters; dataset %s: %,d test images%n", modelFile,
                    model.size(), model.parameterCount(), data.name(), test.size());
            Evaluation e = Evaluator.evaluate(model, new DataLoader(test, Reproduction.NORMALIZATION, null, seed), batch);
            stdout.printf(Locale.ROOT, "test accuracy: %.4f%n", e.accuracy());
            stdout.printf(Locale.ROOT, "  (%d of %d correct, mean loss %.4f)%n", e.correct(), e.total(), e.meanLoss());
            if (kind != null) {
                NoiseResult n = NoiseEvaluation.evaluate(model, test, Reproduction.NORMALIZATION, kind, levelList, seed, batch,
                        () -> false, (level, correct, total) -> stdout.printf(Locale.ROOT,
                                "%s noise %s %.2f: accuracy %.4f (%d/%d)%n", kind.id(),
                                kind == NoiseKind.PAPER ? "level" : "sigma", level, (double) correct / total, correct,
                                total));
                stdout.printf(Locale.ROOT, "%s noise score: %,d of %,d (%.4f)%n", kind.id(), n.score(), n.max(),
                        n.fraction());
            }
            stdout.flush();
            return 0;
        }
    }

    /** The dataset must fit the model: same image size, no more classes than the model has outputs. */
    static void check(Sequential model, LabeledImages test, String datasetName) {
        int[] in = model.inputShape();
        if (Shapes.elementCount("model input", in) != test.imageSize()) {
            throw new IllegalArgumentException("the model takes inputs " + Shapes.format(in) + " but dataset "
                    + datasetName + " has images " + Shapes.format(test.imageShape()));
        }
        int outputs = Arrays.stream(model.outputShape()).reduce(1, (a, c) -> a * c);
        if (test.classCount() > outputs) {
            throw new IllegalArgumentException("the model has " + outputs + " outputs but dataset " + datasetName
                    + " has labels up to " + (test.classCount() - 1));
        }
    }
}
