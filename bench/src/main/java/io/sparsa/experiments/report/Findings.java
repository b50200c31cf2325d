package io.sparsa.experiments.report;

import io.sparsa.experiments.model.ComparedModel;
import io.sparsa.experiments.model.PaperReference;
import io.sparsa.experiments.model.RegulariserMlp;
import io.sparsa.experiments.noise.NoiseKind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Sentences computed from the results (never written in advance): how the networks rank by
 * robustness here and in the paper, which regulariser is most robust, and where each baseline
 * stands among the networks.
 */
public final class Findings {
    private Findings() {
    }

    public static List<String> of(List<ModelSummary> summaries) {
        List<String> out = new ArrayList<>();
        List<ModelSummary> paper = summaries.stream()
                .filter(s -> s.model().family() == ComparedModel.Family.PAPER_CNN && s.noise(NoiseKind.PAPER).isPresent())
                .toList();
        if (paper.size() >= 2) {
            List<ModelSummary> here = sorted(paper, s -> fraction(s, NoiseKind.PAPER));
            List<ModelSummary> there = sorted(paper, s -> s.model().paperReference().map(PaperReference::noiseFraction)
                    .orElse(0.0));
            boolean same = here.stream().map(ModelSummary::name).toList()
                    .equals(there.stream().map(ModelSummary::name).toList());
            out.add("Pixel-noise robustness (noise score fraction), here: " + ranking(here,
                    s -> fraction(s, NoiseKind.PAPER)) + "; in the paper: " + ranking(there,
                    s -> s.model().paperReference().orElseThrow().noiseFraction()) + " - "
                    + (same ? "the same order." : "a different order."));
            List<ModelSummary> byAccuracy = sorted(paper, s -> s.accuracy().mean());
            out.add(String.format(Locale.ROOT, "Clean test accuracy here: %s; the paper reports %s.",
                    ranking(byAccuracy, s -> s.accuracy().mean() * 100, "%.2f%%"),
                    ranking(sorted(paper, s -> s.model().paperReference().orElseThrow().accuracyPercent()),
                            s -> s.model().paperReference().orElseThrow().accuracyPercent(), "%.2f%%")));
        }
        List<ModelSummary> mlps = summaries.stream().filter(s -> s.model() instanceof RegulariserMlp).toList();
        for (NoiseKind kind : new NoiseKind[]{NoiseKind.GAUSSIAN, NoiseKind.PAPER}) {
            List<ModelSummary> tested = mlps.stream().filter(s -> s.noise(kind).isPresent()).toList();
            if (tested.size() >= 2) {
                String noise = kind.levelName().replace(" level", "").replace(" sigma", "");
                out.add("Regularisers ranked by " + noise + " score fraction: " + ranking(sorted(tested,
                        s -> fraction(s, kind)), s -> fraction(s, kind)) + "; by accuracy kept at the strongest "
                        + noise + ": " + ranking(sorted(tested, s -> kept(s, kind)), s -> kept(s, kind) * 100, "%.0f%%")
                        + ".");
            }
        }
        Optional<ModelSummary> boost = find(mlps, RegulariserMlp.Regulariser.KWINNERS_BOOST);
        Optional<ModelSummary> wta = find(mlps, RegulariserMlp.Regulariser.WTA_LIFETIME);
        if (boost.isPresent() && wta.isPresent()) {
            List<String> verdicts = new ArrayList<>();
            for (NoiseKind kind : new NoiseKind[]{NoiseKind.GAUSSIAN, NoiseKind.PAPER}) {
                if (boost.get().noise(kind).isPresent() && wta.get().noise(kind).isPresent()) {
                    double b = fraction(boost.get(), kind);
                    double w = fraction(wta.get(), kind);
                    verdicts.add(String.format(Locale.ROOT, "under %s noise %s (%.4f vs %.4f)", kind.id(),
                            b > w ? "boosting is more robust" : b < w ? "lifetime sparsity is more robust" : "they tie",
                            b, w));
                }
            }
            if (!verdicts.isEmpty()) {
                out.add("Boosting vs WTA lifetime sparsity: " + String.join("; ", verdicts) + ".");
            }
        }
        for (ModelSummary b : summaries.stream().filter(ModelSummary::baseline).toList()) {
            baseline(b, summaries).ifPresent(out::add);
        }
        return out;
    }

    /**
     * Where a baseline's noise score fractions fall among the networks tested with the same noise:
     * how many it beats, and their range.
     */
    static Optional<String> baseline(ModelSummary b, List<ModelSummary> summaries) {
        List<String> parts = new ArrayList<>();
        for (ModelSummary.NoiseSummary own : b.model().noiseTests().stream().map(b::noise)
                .flatMap(Optional::stream).toList()) {
            NoiseKind kind = own.kind();
            List<Double> others = summaries.stream().filter(s -> !s.baseline()).map(s -> s.noise(kind))
                    .flatMap(Optional::stream).map(n -> n.fraction().mean()).toList();
            if (others.isEmpty()) {
                continue;
            }
            double f = own.fraction().mean();
            long beaten = others.stream().filter(o -> f > o).count();
            parts.add(String.format(Locale.ROOT, "%s noise score fraction %.4f, above %d of the %d networks tested with"
                            + " it (they range from %.4f to %.4f)", kind.id(), f, beaten, others.size(),
                    others.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                    others.stream().mapToDouble(Double::doubleValue).max().orElseThrow()));
        }
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "%s: clean test accuracy %.2f%%; %s.", b.label(),
                b.accuracy().mean() * 100, String.join("; ", parts)));
    }

    private static Optional<ModelSummary> find(List<ModelSummary> mlps, RegulariserMlp.Regulariser r) {
        return mlps.stream().filter(s -> ((RegulariserMlp) s.model()).regulariser() == r).findFirst();
    }

    /** Accuracy at the last level over accuracy at the first. */
    private static double kept(ModelSummary s, NoiseKind kind) {
        return s.noise(kind).map(n -> {
            double clean = n.byLevel().get(0).mean();
            return clean > 0 ? n.byLevel().get(n.byLevel().size() - 1).mean() / clean : 0.0;
        }).orElse(0.0);
    }

    private static double fraction(ModelSummary s, NoiseKind kind) {
        return s.noise(kind).map(n -> n.fraction().mean()).orElse(0.0);
    }

    private static List<ModelSummary> sorted(List<ModelSummary> list, java.util.function.ToDoubleFunction<ModelSummary> key) {
        return list.stream().sorted(Comparator.comparingDouble(key).reversed()).toList();
    }

    private static String ranking(List<ModelSummary> list, java.util.function.ToDoubleFunction<ModelSummary> value) {
        return ranking(list, value, "%.4f");
    }

    private static String ranking(List<ModelSummary> list, java.util.function.ToDoubleFunction<ModelSummary> value,
                                  String pattern) {
        return list.stream().map(s -> s.name() + " " + String.format(Locale.ROOT, pattern, value.applyAsDouble(s)))
                .collect(Collectors.joining(" > "));
    }
}
