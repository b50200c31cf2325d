package io.sparsa.experiments;

import io.sparsa.experiments.model.Network;
import io.sparsa.experiments.model.Networks;
import io.sparsa.experiments.model.PaperCnn;
import io.sparsa.experiments.model.RegulariserMlp;
import io.sparsa.experiments.run.ExperimentPlan;
import io.sparsa.experiments.run.Mode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExperimentPlanTest {
    private static List<String> names(ExperimentPlan p) {
        return p.runs().stream().map(r -> r.model().name()).toList();
    }

    @Test
    void defaultModeTrainsTheRepresentativeSubsetOnAllDigitsWithOneSeed() {
        ExperimentPlan p = ExperimentPlan.create(Mode.STANDARD, ExperimentPlan.Options.NONE);
        List<String> names = names(p);
        assertTrue(names.containsAll(List.of("dense-cnn-2", "sparse-cnn-2")), names.toString());
        assertTrue(names.containsAll(RegulariserMlp.ALL.stream().map(Network::name).toList()), names.toString());
        assertEquals(List.of(1L), p.seeds());
        assertEquals(8000, p.trainLimit(), "the bundled digits' size: all of them, and no more of larger sets");
        assertEquals(2000, p.testLimit());
        assertEquals(p.reductions(), p.reductions(8000, 2000), "no image limit cuts the bundled digits");
        assertTrue(p.reductions(60000, 10000).contains("training on the first 8,000 of 60,000 training images only"));
        ExperimentPlan.PlannedRun sparse = p.runs().get(names.indexOf("sparse-cnn-2"));
        assertEquals(4, sparse.settings().firstEpochBatchSize(), "the paper's first-epoch batch is kept");
        assertEquals(0.02f, sparse.settings().learningRate());
        assertTrue(sparse.settings().epochs() < 10);
        assertTrue(p.reductions().contains("sparse-cnn-2: " + sparse.settings().epochs() + " of 10 epochs"),
                p.reductions().toString());
        assertTrue(p.reductions().stream().anyMatch(r -> r.startsWith("1 seed instead of the paper's 10")));
    }

    @Test
    void quickModeIsSmallerStill() {
        ExperimentPlan q = ExperimentPlan.create(Mode.QUICK, ExperimentPlan.Options.NONE);
        ExperimentPlan d = ExperimentPlan.create(Mode.STANDARD, ExperimentPlan.Options.NONE);
        assertTrue(q.trainLimit() > 0 && q.testLimit() > 0);
        assertTrue(q.totalEpochs() < d.totalEpochs());
        assertTrue(q.reductions().contains("sparse-cnn-2: 1 of 10 epochs"), q.reductions().toString());
        assertEquals(4, q.runs().get(1).settings().firstEpochBatchSize(), "even the quick run keeps batch 4");
    }

    @Test
    void fullModeIsThePaperProtocol() {
        ExperimentPlan f = ExperimentPlan.create(Mode.FULL, ExperimentPlan.Options.NONE);
        List<String> all = new java.util.ArrayList<>(Networks.names());
        all.add("sp-knn");
        assertEquals(all, names(f), "every network, then the HTM baseline");
        assertEquals(10, f.seeds().size());
        for (ExperimentPlan.PlannedRun r : f.runs()) {
            if (r.model() instanceof Network n) {
                assertEquals(n.settings(), r.settings(), n.name());
            } else {
                assertNull(r.settings(), "a baseline has no training settings: " + r.model().name());
            }
        }
        assertEquals(List.of(), f.reductions());
        ExperimentPlan three = ExperimentPlan.create(Mode.FULL, new ExperimentPlan.Options(3, null, null, null, null));
        assertEquals(List.of(1L, 2L, 3L), three.seeds());
        assertEquals(List.of("3 seeds instead of the paper's 10"), three.reductions());
    }

    @Test
    void optionsOverrideTheMode() {
        ExperimentPlan p = ExperimentPlan.create(Mode.FULL,
                new ExperimentPlan.Options(1, List.of("sparse-cnn-1", "mlp-relu"), 2, 300, 100));
        assertEquals(List.of("sparse-cnn-1", "mlp-relu"), names(p));
        assertEquals(PaperCnn.SPARSE_CNN_1.settings().withEpochs(2), p.runs().get(0).settings());
        assertEquals(300, p.trainLimit());
        assertEquals(100, p.testLimit());
        assertTrue(p.reductions(8000, 2000).contains("training on the first 300 of 8,000 training images only"));
        assertTrue(p.reductions(8000, 2000).contains("testing on the first 100 of 2,000 test images only"));
    }

    @Test
    void theSpatialPoolerBaselineIsInTheFullModeAndOnRequest() {
        assertFalse(names(ExperimentPlan.create(Mode.STANDARD, ExperimentPlan.Options.NONE)).contains("sp-knn"),
                "the default mode keeps its time budget");
        ExperimentPlan with = ExperimentPlan.create(Mode.STANDARD,
                new ExperimentPlan.Options(null, null, null, null, null, true));
        List<String> names = names(with);
        assertEquals("sp-knn", names.get(names.size() - 1), names.toString());
        assertEquals(names.size() - 1, names.indexOf("sp-knn"), "added once");
        assertEquals(ExperimentPlan.create(Mode.STANDARD, ExperimentPlan.Options.NONE).totalEpochs(), with.totalEpochs(),
                "the baseline adds no epochs");
        ExperimentPlan chosen = ExperimentPlan.create(Mode.QUICK,
                new ExperimentPlan.Options(1, List.of("sp-knn", "mlp-relu"), 1, null, null, true));
        assertEquals(List.of("sp-knn", "mlp-relu"), names(chosen), "--models names it; --baselines adds no duplicate");
        assertTrue(chosen.reductions().contains("mlp-relu: 1 of 15 epochs"), chosen.reductions().toString());
        assertTrue(chosen.reductions().stream().noneMatch(r -> r.startsWith("sp-knn")), "--epochs does not apply to it");
        assertTrue(chosen.runs().get(0).training().contains("no gradient descent"), chosen.runs().get(0).training());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ExperimentPlan.PlannedRun(PaperCnn.DENSE_CNN_2, null));
        assertTrue(e.getMessage().contains("dense-cnn-2"), e.getMessage());
    }

    @Test
    void badOptionsAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> ExperimentPlan.create(Mode.STANDARD,
                new ExperimentPlan.Options(0, null, null, null, null)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExperimentPlan.create(
                Mode.STANDARD, new ExperimentPlan.Options(null, null, 0, null, null)));
        assertTrue(e.getMessage().contains("--epochs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ExperimentPlan.create(Mode.STANDARD,
                new ExperimentPlan.Options(null, null, null, -1, null)));
        assertTrue(e.getMessage().contains("--limit-train"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ExperimentPlan.create(Mode.STANDARD,
                new ExperimentPlan.Options(null, List.of(), null, null, null)));
        assertTrue(e.getMessage().contains("--models"), e.getMessage());
    }
}
