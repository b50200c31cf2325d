package io.sparsa.experiments;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sparsa.experiments.model.PaperCnn;
import io.sparsa.experiments.model.RegulariserMlp;
import io.sparsa.experiments.noise.NoiseKind;
import io.sparsa.experiments.noise.NoiseResult;
import io.sparsa.experiments.report.ModelSummary;
import io.sparsa.experiments.report.ResultTables;
import io.sparsa.experiments.report.ResultsJson;
import io.sparsa.experiments.report.ResultsMarkdown;
import io.sparsa.experiments.report.RunInfo;
import io.sparsa.experiments.report.Stat;
import io.sparsa.experiments.report.TextTable;
import io.sparsa.experiments.run.ModelResult;
import io.sparsa.train.EpochResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Aggregation and rendering, on hand-made results. */
class ReportsTest {
    private static ModelResult result(long seed, int testCorrect, int[] pixelCorrect) {
        NoiseResult pixel = new NoiseResult(NoiseKind.PAPER, NoiseKind.PAPER.defaultLevels(), pixelCorrect, 200);
        return new ModelResult(PaperCnn.SPARSE_CNN_2, seed, "mnist", "cpu", PaperCnn.SPARSE_CNN_2.settings().withEpochs(2),
                List.of(new EpochResult(0, 4, 0.02f, 0.5, 0.8, 1000, 10), new EpochResult(1, 64, 0.016f, 0.2, 0.9, 1000, 5)),
                1000, 200, testCorrect, 0.3, List.of(pixel), "models/sparse-cnn-2-seed" + seed + ".safetensors");
    }

    private static int[] constant(int v) {
        int[] a = new int[11];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void statsUseTheSampleStandardDeviation() {
        Stat s = Stat.of(1, 2, 3, 4);
        assertEquals(2.5, s.mean(), 1e-12);
        assertEquals(Math.sqrt(5.0 / 3), s.std(), 1e-12);
        assertEquals("250.0 ± 129.1", s.format("%.1f", 100));
        assertEquals("0.50", Stat.of(0.5).format("%.2f", 1), "one seed: no ±");
    }

    @Test
    void summariesAverageOverSeeds() {
        List<ModelResult> rs = List.of(result(1, 190, constant(150)), result(2, 180, constant(130)));
        List<ModelSummary> s = ModelSummary.byModel(rs);
        assertEquals(1, s.size());
        assertEquals(0.925, s.get(0).accuracy().mean(), 1e-12);
        ModelSummary.NoiseSummary n = s.get(0).noise(NoiseKind.PAPER).orElseThrow();
        assertEquals(1540, n.score().mean(), 1e-9);
        assertEquals(2200, n.max());
        assertEquals(0.7, n.fraction().mean(), 1e-12);
        assertEquals(0.7, n.byLevel().get(3).mean(), 1e-12);
        assertEquals(10.0, rs.get(0).trainSeconds() - 5, 1e-12);
        assertEquals(2000 / 15.0, rs.get(0).trainImagesPerSecond(), 1e-9);
        String table = ResultTables.paperNetworks(s).console("");
        assertTrue(table.contains("92.50 ± 3.54"), table);
        assertTrue(table.contains("1,540 ± 156") && table.contains("0.7000 ± 0.0707"), table);
        assertTrue(table.contains("99.09 ± 0.05") && table.contains("0.9433 ± 0.0102"), table);
        assertTrue(ResultTables.regularisers(s).isEmpty(), "no MLP rows");
    }

    @Test
    void textTablesAlignNumbersRight() {
        TextTable t = new TextTable("model", "what", "acc").row("a", "plain ReLU", "9.5").row("long-name", "x", "10.25");
        assertEquals("""
                model      what          acc
                ---------  ----------  -----
                a          plain ReLU    9.5
                long-name  x           10.25
                """, t.console(""));
        assertEquals("""
                | model | what | acc |
                |---|---|---:|
                | a | plain ReLU | 9.5 |
                | long-name | x | 10.25 |
                """, t.markdown());
    }

    @Test
    void jsonHoldsTheFieldsTheIssueLists() {
        JsonObject o = JsonParser.parseString(ResultsJson.results(List.of(result(3, 150, constant(100)))))
                .getAsJsonArray().get(0).getAsJsonObject();
        assertEquals("sparse-cnn-2", o.get("model").getAsString());
        assertEquals(3, o.get("seed").getAsLong());
        assertEquals(0.75, o.get("testAccuracy").getAsDouble(), 1e-12);
        assertEquals("paper", o.get("noise").getAsString());
        assertEquals(1100, o.get("noiseScore").getAsLong());
        assertEquals(2200, o.get("noiseMax").getAsLong());
        assertEquals(2, o.get("epochs").getAsInt());
        assertEquals(4, o.get("firstEpochBatchSize").getAsInt());
        assertEquals(2, o.getAsJsonArray("epochHistory").size());
        assertEquals(110_000, o.getAsJsonObject("paper").get("noiseMax").getAsInt());
    }

    @Test
    void markdownSaysWhenARunWasInterrupted() {
        RunInfo info = new RunInfo("default", "sparsa reproduce", "mnist", "bundled", 8000, 2000, "cpu", "host",
                "17", "Linux", "2026-01-01T00:00Z", 12.5, true, List.of("1 seed instead of the paper's 10"));
        String md = ResultsMarkdown.render(List.of(result(1, 190, constant(150))), info, List.of());
        assertTrue(md.contains("**Interrupted**"), md);
        assertTrue(md.contains("- 1 seed instead of the paper's 10"), md);
        assertTrue(md.contains("| sparse-cnn-2 | 1 | 2 | 95.00 | 1,650 | 2,200 | 0.7500 |"), md);
        assertTrue(md.contains("## The paper's results (full MNIST, 10 seeds)"), md);
        assertTrue(md.contains("| dense-cnn-1 | 99.14 ± 0.03 | 74,569 ± 3,200 | 0.6779 ± 0.0291 |"), md);
        assertTrue(!md.contains("Regulariser comparison") || RegulariserMlp.ALL.isEmpty(), md);
    }
}
