package io.sparsa.experiments.report;

import io.sparsa.experiments.model.ComparedModel;
import io.sparsa.experiments.noise.NoiseKind;
import io.sparsa.experiments.noise.NoiseResult;
import io.sparsa.experiments.run.ModelResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One model's results over its seeds: means and standard deviations.
 *
 * @param model the model
 * @param runs  its results, one per seed
 */
public record ModelSummary(ComparedModel model, List<ModelResult> runs) {
    public ModelSummary {
        runs = List.copyOf(runs);
    }

    /** Groups results by model, in the order the models first appear. */
    public static List<ModelSummary> byModel(List<ModelResult> results) {
        Map<String, List<ModelResult>> groups = new LinkedHashMap<>();
        Map<String, ComparedModel> models = new LinkedHashMap<>();
        for (ModelResult r : results) {
            groups.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r);
            models.putIfAbsent(r.name(), r.model());
        }
        List<ModelSummary> out = new ArrayList<>();
        groups.forEach((name, runs) -> out.add(new ModelSummary(models.get(name), runs)));
        return out;
    }

    public String name() {
        return model.name();
    }

    /** The name for tables and charts ({@link ComparedModel#label()}). */
    public String label() {
        return model.label();
    }

    /** Whether it is a baseline, shown beside every experiment's networks. */
    public boolean baseline() {
        return model.family() == ComparedModel.Family.BASELINE;
    }

    public int seeds() {
        return runs.size();
    }

    public Stat accuracy() {
        return Stat.of(runs.stream().mapToDouble(ModelResult::testAccuracy).toArray());
    }

    public Stat trainImagesPerSecond() {
        return Stat.of(runs.stream().mapToDouble(ModelResult::trainImagesPerSecond).toArray());
    }

    public Stat trainSeconds() {
        return Stat.of(runs.stream().mapToDouble(ModelResult::trainSeconds).toArray());
    }

    /** The epochs each run trained (the first run's; all runs of one model use one plan; 0 for a baseline). */
    public int epochs() {
        return runs.get(0).epochs();
    }

    /** The noise test of {@code kind} over the seeds, when every seed ran it. */
    public Optional<NoiseSummary> noise(NoiseKind kind) {
        List<NoiseResult> rs = new ArrayList<>();
        for (ModelResult r : runs) {
            Optional<NoiseResult> n = r.noise(kind);
            if (n.isEmpty()) {
                return Optional.empty();
            }
            rs.add(n.get());
        }
        return Optional.of(NoiseSummary.of(rs));
    }

    /**
     * A noise test summarised over seeds.
     *
     * @param kind     the noise
     * @param levels   its levels
     * @param score    the noise score
     * @param max      the largest possible score of one run
     * @param fraction the score over its maximum
     * @param byLevel  accuracy at each level
     */
    public record NoiseSummary(NoiseKind kind, List<Double> levels, Stat score, long max, Stat fraction,
                               List<Stat> byLevel) {
        static NoiseSummary of(List<NoiseResult> rs) {
            NoiseResult first = rs.get(0);
            int levels = first.levels().size();
            List<Stat> byLevel = new ArrayList<>();
            for (int i = 0; i < levels; i++) {
                int level = i;
                byLevel.add(Stat.of(rs.stream().mapToDouble(r -> r.accuracy(level)).toArray()));
            }
            return new NoiseSummary(first.kind(), first.levels(),
                    Stat.of(rs.stream().mapToDouble(r -> (double) r.score()).toArray()), first.max(),
                    Stat.of(rs.stream().mapToDouble(NoiseResult::fraction).toArray()), byLevel);
        }
    }
}
