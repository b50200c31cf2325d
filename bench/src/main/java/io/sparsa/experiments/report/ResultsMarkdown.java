package io.sparsa.experiments.report;

import io.sparsa.experiments.noise.NoiseKind;
import io.sparsa.experiments.model.RegulariserMlp;
import io.sparsa.experiments.run.ModelResult;

import java.util.List;
import java.util.Locale;

/** {@code results.md}: the run, its tables beside the paper's, the charts and every epoch. */
public final class ResultsMarkdown {
    private ResultsMarkdown() {
    }

    public static String render(List<ModelResult> results, RunInfo info, List<NoiseCharts.Chart> charts) {
        List<ModelSummary> summaries = ModelSummary.byModel(results);
        StringBuilder md = new StringBuilder();
        md.append("# Sparsa reproduction of \"How Can We Be So Dense?\" (").append(info.mode()).append(" mode)\n\n");
        if (info.interrupted()) {
            md.append("**Interrupted**: these tables hold only the models that finished before the run was stopped.\n\n");
        }
        md.append("| | |\n|---|---|\n");
        md.append("| date | ").append(info.started()).append(" |\n");
        md.append("| command | `").append(info.command()).append("` |\n");
        md.append("| dataset | ").append(info.dataset()).append(" (").append(info.datasetSource()).append("): ")
                .append(String.format(Locale.ROOT, "%,d training, %,d test images", info.trainImages(), info.testImages()))
                .append(" |\n");
        md.append("| backend | ").append(info.backend()).append(" (").append(info.device()).append(") |\n");
        md.append("| JDK | ").append(info.jdk()).append(" |\n");
        md.append("| machine | ").append(info.machine()).append(" |\n");
        md.append("| wall time | ").append(String.format(Locale.ROOT, "%.1f s (%.1f min)", info.wallSeconds(),
                info.wallSeconds() / 60)).append(" |\n");
        md.append("| models finished | ").append(results.size()).append(" |\n\n");
        if (!info.reductions().isEmpty()) {
            md.append("Reduced from the paper's protocol:\n\n");
            for (String r : info.reductions()) {
                md.append("- ").append(r).append('\n');
            }
            md.append('\n');
        }
        List<String> findings = Findings.of(summaries);
        if (!findings.isEmpty()) {
            md.append("## What this run shows\n\n");
            for (String f : findings) {
                md.append("- ").append(f).append('\n');
            }
            md.append('\n');
        }
        List<ModelSummary> baselines = summaries.stream().filter(ModelSummary::baseline).toList();
        if (!baselines.isEmpty()) {
            md.append("## Baselines\n\n");
            md.append("Not in the paper; tested on the same clean and noisy test images as the networks (same noise,"
                    + " levels and seeds), and shown in their tables below them:\n\n");
            for (ModelSummary b : baselines) {
                md.append("- **").append(b.label()).append("**: ").append(b.model().description()).append("; ")
                        .append(ResultTables.details(b.runs().get(0).details())).append('\n');
            }
            md.append('\n');
        }
        TextTable paper = ResultTables.paperNetworks(summaries);
        if (!paper.isEmpty()) {
            md.append("## The paper's networks\n\n");
            md.append("Noise score: correct test answers summed over the 11 pixel-noise levels 0.0 to 0.5; \"fraction\""
                    + " divides it by its maximum (levels x test images) so that it compares with the paper's score out"
                    + " of 110,000 (10,000 test images).\n\n");
            md.append(paper.markdown()).append('\n');
        }
        TextTable regs = ResultTables.regularisers(summaries);
        if (!regs.isEmpty()) {
            md.append("## Regulariser comparison\n\n");
            md.append(String.format(Locale.ROOT, "One MLP, Flatten -> [Linear(%d) -> regulariser] x %d ->"
                            + " Linear(10), dense weights, trained identically; k-winners keep %d of %d units (%d at"
                            + " inference), the boosted variant uses the paper's boosting, lifetime sparsity keeps each"
                            + " unit's top %.1f%% of a batch in training. \"Fraction\" is the noise score over its"
                            + " maximum; \"kept\" is the accuracy at the noisiest level as a share of the clean"
                            + " accuracy.%n%n", RegulariserMlp.HIDDEN_UNITS, RegulariserMlp.HIDDEN_LAYERS,
                    RegulariserMlp.WINNERS, RegulariserMlp.HIDDEN_UNITS,
                    (int) Math.round(RegulariserMlp.WINNERS * RegulariserMlp.K_INFERENCE_FACTOR),
                    RegulariserMlp.LIFETIME_RATE * 100));
            md.append(regs.markdown()).append('\n');
        }
        for (NoiseKind kind : NoiseKind.values()) {
            TextTable t = ResultTables.byLevel(summaries, kind);
            if (!t.isEmpty()) {
                md.append("## Accuracy (%) by ").append(kind.levelName()).append("\n\n").append(t.markdown()).append('\n');
            }
        }
        if (!charts.isEmpty()) {
            md.append("## Charts\n\n");
            for (NoiseCharts.Chart c : charts) {
                md.append("![").append(c.title()).append("](").append(c.file()).append(")\n\n");
            }
        }
        md.append("## The paper's results (full MNIST, 10 seeds)\n\n").append(ResultTables.paperReference().markdown())
                .append('\n');
        if (!summaries.isEmpty()) {
            md.append("## Training cost\n\n").append(ResultTables.timing(summaries).markdown()).append('\n');
            md.append("## Models\n\n").append(ResultTables.networks(summaries).markdown()).append('\n');
            md.append("## Every epoch\n\n").append(ResultTables.epochs(results).markdown()).append('\n');
        }
        return md.toString();
    }
}
