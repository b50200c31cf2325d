package io.sparsa.experiments.report;

import io.sparsa.experiments.model.ComparedModel;
import io.sparsa.experiments.model.PaperCnn;
import io.sparsa.experiments.model.PaperReference;
import io.sparsa.experiments.noise.NoiseKind;
import io.sparsa.experiments.run.ModelResult;
import io.sparsa.train.EpochResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The tables every report shows, built once and rendered for the console or Markdown. Baselines
 * ({@link ComparedModel.Family#BASELINE}) join the table of every experiment that has rows, after
 * that experiment's networks, under their {@link ComparedModel#label() label}.
 */
public final class ResultTables {
    private ResultTables() {
    }

    /** The rows of {@code family}'s table: its models, then the baselines when it has any. */
    static List<ModelSummary> rowsOf(List<ModelSummary> summaries, ComparedModel.Family family) {
        List<ModelSummary> rows = new ArrayList<>(summaries.stream().filter(s -> s.model().family() == family).toList());
        if (!rows.isEmpty()) {
            rows.addAll(summaries.stream().filter(ModelSummary::baseline).toList());
        }
        return rows;
    }

    /**
     * The paper-style table of the paper's networks run here, beside the paper's numbers: test
     * accuracy, noise score, its maximum and the score as a fraction of the maximum; the baselines
     * below them ("-" where the paper has no number).
     */
    public static TextTable paperNetworks(List<ModelSummary> summaries) {
        TextTable t = new TextTable("network", "seeds", "epochs", "test accuracy %", "noise score", "of", "fraction",
                "paper accuracy %", "paper noise score", "paper fraction");
        for (ModelSummary s : rowsOf(summaries, ComparedModel.Family.PAPER_CNN)) {
            Optional<PaperReference> p = s.model().paperReference();
            Optional<ModelSummary.NoiseSummary> n = s.noise(NoiseKind.PAPER);
            t.row(s.label(), Integer.toString(s.seeds()), Integer.toString(s.epochs()), s.accuracy().format("%.2f", 100),
                    n.map(x -> x.score().format("%,.0f", 1)).orElse("-"),
                    n.map(x -> String.format(Locale.ROOT, "%,d", x.max())).orElse("-"),
                    n.map(x -> x.fraction().format("%.4f", 1)).orElse("-"),
                    p.map(x -> paper(x.accuracyPercent(), x.accuracyStdPercent(), "%.2f")).orElse("-"),
                    p.map(x -> paper(x.noiseScore(), x.noiseScoreStd(), "%,.0f")).orElse("-"),
                    p.map(x -> paper(x.noiseFraction(), x.noiseFractionStd(), "%.4f")).orElse("-"));
        }
        return t;
    }

    /** The paper's published results for all eight networks (full MNIST, 10 seeds). */
    public static TextTable paperReference() {
        TextTable t = new TextTable("network", "test accuracy %", "noise score (of 110,000)", "fraction", "differences");
        for (PaperCnn c : PaperCnn.ALL) {
            PaperReference p = c.reference();
            t.row(c.name(), paper(p.accuracyPercent(), p.accuracyStdPercent(), "%.2f"),
                    paper(p.noiseScore(), p.noiseScoreStd(), "%,.0f"),
                    paper(p.noiseFraction(), p.noiseFractionStd(), "%.4f"), c.differences());
        }
        return t;
    }

    /**
     * The regulariser comparison: test accuracy and both noise scores as fractions of their maxima;
     * the baselines below the MLPs.
     */
    public static TextTable regularisers(List<ModelSummary> summaries) {
        TextTable t = new TextTable("model", "regulariser", "seeds", "epochs", "test accuracy %",
                "Gaussian noise fraction", "kept at sigma 0.8", "pixel noise fraction", "kept at noise 0.5");
        for (ModelSummary s : rowsOf(summaries, ComparedModel.Family.REGULARISER_MLP)) {
            t.row(s.label(), s.model().title(), Integer.toString(s.seeds()), Integer.toString(s.epochs()),
                    s.accuracy().format("%.2f", 100),
                    s.noise(NoiseKind.GAUSSIAN).map(x -> x.fraction().format("%.4f", 1)).orElse("-"),
                    s.noise(NoiseKind.GAUSSIAN).map(ResultTables::kept).orElse("-"),
                    s.noise(NoiseKind.PAPER).map(x -> x.fraction().format("%.4f", 1)).orElse("-"),
                    s.noise(NoiseKind.PAPER).map(ResultTables::kept).orElse("-"));
        }
        return t;
    }

    /**
     * The accuracy at the noisiest level as a percentage of the accuracy at the first (clean)
     * level: robustness apart from how well the model learned the clean digits.
     */
    static String kept(ModelSummary.NoiseSummary n) {
        List<Stat> by = n.byLevel();
        double clean = by.get(0).mean();
        return clean > 0 ? String.format(Locale.ROOT, "%.0f%%", 100 * by.get(by.size() - 1).mean() / clean) : "-";
    }

    /** Accuracy (%) at every level of {@code kind}, one row per model tested with it. */
    public static TextTable byLevel(List<ModelSummary> summaries, NoiseKind kind) {
        List<Double> levels = null;
        for (ModelSummary s : summaries) {
            Optional<ModelSummary.NoiseSummary> n = s.noise(kind);
            if (n.isPresent()) {
                levels = n.get().levels();
                break;
            }
        }
        if (levels == null) {
            return new TextTable("model");
        }
        List<String> header = new ArrayList<>();
        header.add("model \\ " + (kind == NoiseKind.PAPER ? "noise" : "sigma"));
        for (double l : levels) {
            header.add(String.format(Locale.ROOT, "%.2f", l));
        }
        header.add("score fraction");
        TextTable t = new TextTable(header);
        for (ModelSummary s : summaries) {
            Optional<ModelSummary.NoiseSummary> n = s.noise(kind);
            if (n.isEmpty() || !n.get().levels().equals(levels)) {
                continue;
            }
            List<String> row = new ArrayList<>();
            row.add(s.label());
            for (Stat a : n.get().byLevel()) {
                row.add(String.format(Locale.ROOT, "%.1f", a.mean() * 100));
            }
            row.add(n.get().fraction().format("%.4f", 1));
            t.row(row);
        }
        return t;
    }

    /** Training cost per model: epochs, wall time, images per second. */
    public static TextTable timing(List<ModelSummary> summaries) {
        TextTable t = new TextTable("model", "seeds", "epochs", "train images/epoch", "train seconds", "images/s");
        for (ModelSummary s : summaries) {
            t.row(s.label(), Integer.toString(s.seeds()), Integer.toString(s.epochs()),
                    String.format(Locale.ROOT, "%,d", s.runs().get(0).trainImages()), s.trainSeconds().format("%.1f", 1),
                    s.trainImagesPerSecond().format("%.0f", 1));
        }
        return t;
    }

    /** Every epoch of every run. */
    public static TextTable epochs(List<ModelResult> results) {
        TextTable t = new TextTable("model", "seed", "epoch", "batch", "lr", "loss", "train accuracy", "seconds",
                "images/s");
        for (ModelResult r : results) {
            for (EpochResult e : r.history()) {
                t.row(r.name(), Long.toString(r.seed()), Integer.toString(e.epoch() + 1), Integer.toString(e.batchSize()),
                        Float.toString(e.learningRate()),
                        String.format(Locale.ROOT, "%.4f", e.meanLoss()),
                        String.format(Locale.ROOT, "%.4f", e.trainAccuracy()),
                        String.format(Locale.ROOT, "%.1f", e.seconds()),
                        String.format(Locale.ROOT, "%.0f", e.imagesPerSecond()));
            }
        }
        return t;
    }

    /** The models as built: layers (or encoder and classifier), training, and the first run's details. */
    public static TextTable networks(List<ModelSummary> summaries) {
        TextTable t = new TextTable("model", "layers", "training", "details");
        for (ModelSummary s : summaries) {
            ModelResult first = s.runs().get(0);
            t.row(s.label(), s.model().description(), first.training(), details(first.details()));
        }
        return t;
    }

    /** {@code name value, name value}: fractions with two decimals, the rest as they are (seeds read badly grouped). */
    static String details(Map<String, Object> details) {
        List<String> parts = new ArrayList<>();
        details.forEach((k, v) -> parts.add(k + " " + (v instanceof Double || v instanceof Float
                ? String.format(Locale.ROOT, "%.2f", ((Number) v).doubleValue()) : String.valueOf(v))));
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    private static String paper(double mean, double std, String pattern) {
        return String.format(Locale.ROOT, pattern, mean) + " ± " + String.format(Locale.ROOT, pattern, std);
    }
}
