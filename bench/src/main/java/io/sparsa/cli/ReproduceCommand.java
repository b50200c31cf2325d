package io.sparsa.cli;

import io.sparsa.backend.Backend;
import io.sparsa.data.Dataset;
import io.sparsa.experiments.run.ExperimentPlan;
import io.sparsa.experiments.run.Mode;
import io.sparsa.experiments.run.ProgressReporter;
import io.sparsa.experiments.run.Reproduction;
import io.sparsa.experiments.run.StopSignal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sparsa reproduce}: the paper's experiments on the command line: trains the paper's dense
 * and sparse networks and the regulariser-comparison MLPs, tests them under noise, and writes
 * tables, charts and models.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reproduce Ahmad & Scheinkman (2019), \"How Can We Be So Dense?\": train the paper's dense and "
                + "sparse MNIST networks and the regulariser-comparison MLPs, test them under the paper's pixel noise "
                + "(and the MLPs under Gaussian noise), and report accuracies and noise scores beside the paper's.",
                "Default: a representative subset (dense-cnn-2, sparse-cnn-2 and the six MLPs, fewer epochs, one seed) "
                        + "in under ten minutes on two cores; --quick: a smaller smoke run; --full: every network "
                        + "with the paper's settings, and the HTM spatial pooler + k-NN baseline, with --seeds seeds.",
                "Writes DIR/results.md, results.csv, results.json, run.json, PNG charts and models/*.safetensors. "
                        + "Ctrl-C stops after the current batch and keeps the finished models and partial tables "
                        + "(exit code 130)."})
final class ReproduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--quick",
            description = "A quick run (a minute or two): 1 epoch per CNN, 2 per MLP, on 3,000 training and 1,000 "
                    + "test digits.")
    boolean quick;

    @Option(names = "--full", description = "Every network with the paper's settings and the baselines, --seeds seeds "
            + "(default 10).")
    boolean full;

    @Mixin
    DatasetOption dataset;

    @Option(names = "--seeds", paramLabel = "N",
            description = "Seeds per network (default: 10 with --full, else 1); reports show mean ± std.")
    Integer seeds;

    @Mixin
    BackendOption backend;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: results/<timestamp>).")
    Path out;

    @Option(names = "--models", split = ",", paramLabel = "NAME",
            description = "Train only these models (comma-separated; see 'sparsa train --list'; sp-knn is the HTM "
                    + "spatial pooler baseline).")
    List<String> models;

    @Option(names = "--baselines",
            description = "Also test the baselines: the HTM spatial pooler + k-NN (sp-knn), under the same noise as "
                    + "the networks (about a minute of CPU time on the bundled digits; --full always includes them).")
    boolean baselines;

    @Option(names = "--plan", description = "Print what would be trained, and exit.")
    boolean planOnly;

    @Option(names = "--epochs", hidden = true, paramLabel = "N", description = "Epochs for every network.")
    Integer epochs;

    @Option(names = "--limit-train", hidden = true, paramLabel = "N", description = "Train on the first N images only.")
    Integer limitTrain;

    @Option(names = "--limit-test", hidden = true, paramLabel = "N", description = "Test on the first N images only.")
    Integer limitTest;

    @Override
    public Integer call() throws IOException {
        PrintStream stdout = System.out;
        if (quick && full) {
            throw new IllegalArgumentException("--quick and --full exclude each other; give one or neither");
        }
        Mode mode = quick ? Mode.QUICK : full ? Mode.FULL : Mode.STANDARD;
        ExperimentPlan plan = ExperimentPlan.create(mode,
                new ExperimentPlan.Options(seeds, models, epochs, limitTrain, limitTest, baselines));
        if (planOnly) {
            printPlan(stdout, plan);
            return 0;
        }
        Dataset data = dataset.load();
        Path dir = out != null ? out
                : Path.of("results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss")));
        String command = "sparsa " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        try (Backend b = backend.open(stdout);
             StopSignal stop = StopSignal.onCtrlC(System.err);
             ProgressReporter progress = ProgressReporter.forConsole(stdout)) {
            try {
                new Reproduction(plan, data, b, dir, progress, stop, command).run();
            } catch (IOException | RuntimeException e) {
                stop.reportIfStopping(e);
                throw e;
            }
            return stop.requested() ? TrainCommand.INTERRUPTED : 0;
        }
    }

    static void printPlan(PrintStream out, ExperimentPlan plan) {
        out.println("mode: " + plan.mode().id() + "; seeds: " + plan.seeds());
        for (ExperimentPlan.PlannedRun r : plan.runs()) {
            out.printf("  %-20s %s%n  %-20s %s%n", r.model().name(), r.model().description(), "", r.training());
        }
        if (!plan.reductions().isEmpty()) {
            out.println("reduced from the paper's protocol:");
            plan.reductions().forEach(x -> out.println("  - " + x));
        }
    }
}
