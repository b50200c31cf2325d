package io.sparsa.experiments;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sparsa.experiments.model.PaperCnn;
import io.sparsa.experiments.model.RegulariserMlp;
import io.sparsa.experiments.model.SpatialPoolerBaseline;
import io.sparsa.experiments.noise.NoiseKind;
import io.sparsa.experiments.noise.NoiseResult;
import io.sparsa.experiments.report.Findings;
import io.sparsa.experiments.report.ModelSummary;
import io.sparsa.experiments.report.ResultTables;
import io.sparsa.experiments.report.ResultsCsv;
import io.sparsa.experiments.report.ResultsJson;
import io.sparsa.experiments.report.ResultsMarkdown;
import io.sparsa.experiments.report.RunInfo;
import io.sparsa.experiments.report.Stat;
import io.sparsa.experiments.report.TextTable;
import io.sparsa.experiments.run.ModelResult;
import io.sparsa.train.EpochResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Aggregation and rendering, on hand-made results. */
class ReportsTest {
    private static ModelResult result(long seed, int testCorrect, int[] pixelCorrect) {
        NoiseResult pixel = new NoiseResult(NoiseKind.PAPER, NoiseKind.PAPER.defaultLevels(), pixelCorrect, 200);
        return ModelResult.fromEpochs(PaperCnn.SPARSE_CNN_2, seed, "mnist", "cpu",
                PaperCnn.SPARSE_CNN_2.settings().withEpochs(2),
                List.of(new EpochResult(0, 4, 0.02f, 0.5, 0.8, 1000, 10), new EpochResult(1, 64, 0.016f, 0.2, 0.9, 1000, 5)),
                1000, 200, testCorrect, 0.3, List.of(pixel), Map.of(), "models/sparse-cnn-2-seed" + seed + ".safetensors");
    }

    /** The HTM baseline on 200 test images: no epochs, no loss, no model file, both noise tests. */
    private static ModelResult baseline(long seed, int testCorrect) {
        int[] pixel = {testCorrect, 170, 160, 150, 140, 120, 100, 80, 60, 40, 30};
        int[] gaussian = {testCorrect, 178, 175, 170, 160, 140, 120, 90, 60, 40};
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("activeColumns", 240);
        details.put("k", 1);
        details.put("meanActiveColumns", 240.0);
        return new ModelResult(SpatialPoolerBaseline.THREAD_MNIST, seed, "mnist", "cpu", null, List.of(), 4.0, 1000, 200,
                testCorrect, Double.NaN, List.of(new NoiseResult(NoiseKind.GAUSSIAN, NoiseKind.GAUSSIAN.defaultLevels(),
                gaussian, 200), new NoiseResult(NoiseKind.PAPER, NoiseKind.PAPER.defaultLevels(), pixel, 200)), details,
                null);
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

    @Test
    void theBaselineIsALabelledRowOfEveryTableTheNetworksAreIn() {
        List<ModelResult> rs = List.of(result(1, 190, constant(150)), baseline(1, 180));
        List<ModelSummary> s = ModelSummary.byModel(rs);
        String paper = ResultTables.paperNetworks(s).markdown();
        assertTrue(paper.contains("| sp-knn (HTM baseline) | 1 | 0 | 90.00 | 1,230 | 2,200 | 0.5591 | - | - | - |"),
                paper);
        assertTrue(paper.indexOf("sparse-cnn-2") < paper.indexOf("sp-knn"), "networks first:\n" + paper);
        assertTrue(ResultTables.regularisers(s).isEmpty(), "no MLP rows: no regulariser table, baseline or not");
        String pixel = ResultTables.byLevel(s, NoiseKind.PAPER).markdown();
        assertTrue(pixel.contains("| sp-knn (HTM baseline) | 90.0 | 85.0 | 80.0 |"), pixel);
        String gaussian = ResultTables.byLevel(s, NoiseKind.GAUSSIAN).markdown();
        assertTrue(gaussian.contains("| sp-knn (HTM baseline) | 90.0 | 89.0 |"), gaussian);
        String models = ResultTables.networks(s).markdown();
        assertTrue(models.contains("240 active") && models.contains("1-NN by overlap")
                && models.contains("activeColumns 240, k 1, meanActiveColumns 240.00"), models);
        String timing = ResultTables.timing(s).markdown();
        assertTrue(timing.contains("| sp-knn (HTM baseline) | 1 | 0 | 1,000 | 4.0 | 250 |"), timing);
        assertTrue(ResultTables.epochs(rs).markdown().lines().noneMatch(l -> l.contains("sp-knn")), "no epochs");

        List<String> findings = Findings.of(s);
        assertTrue(findings.stream().anyMatch(f -> f.startsWith("sp-knn (HTM baseline): clean test accuracy 90.00%;")
                && f.contains("paper noise score fraction 0.5591, above 0 of the 1 networks")), findings.toString());

        String csv = ResultsCsv.render(rs);
        List<String> spRows = csv.lines().filter(l -> l.startsWith("sp-knn,")).toList();
        assertEquals(10 + 11, spRows.size(), csv);
        assertTrue(spRows.get(0).startsWith("sp-knn,baseline,1,mnist,cpu,0,1000,200,0.9,4,250,gaussian,0,180,200,0.9,"),
                spRows.get(0));

        JsonObject o = JsonParser.parseString(ResultsJson.results(rs)).getAsJsonArray().get(1).getAsJsonObject();
        assertEquals("sp-knn", o.get("model").getAsString());
        assertEquals("sp-knn (HTM baseline)", o.get("label").getAsString());
        assertEquals("baseline", o.get("family").getAsString());
        assertEquals(0, o.get("epochs").getAsInt());
        assertTrue(o.get("testLoss").isJsonNull() && o.get("modelFile").isJsonNull(), o.toString());
        assertEquals("paper", o.get("noise").getAsString(), "the main noise test is the paper's, as for the networks");
        assertEquals(1230, o.get("noiseScore").getAsLong());
        assertEquals(2, o.getAsJsonArray("noiseTests").size());
        assertEquals(240, o.getAsJsonObject("details").get("activeColumns").getAsInt());
        assertEquals(0, o.getAsJsonArray("epochHistory").size());
        assertTrue(!o.has("paper") && !o.has("batchSize"), o.toString());

        RunInfo info = new RunInfo("full", "sparsa reproduce --full", "mnist", "bundled", 1000, 200, "cpu", "host",
                "17", "Linux", "2026-01-01T00:00Z", 12.5, false, List.of());
        String md = ResultsMarkdown.render(rs, info, List.of());
        assertTrue(md.contains("## Baselines") && md.contains("- **sp-knn (HTM baseline)**: binarise (pixel > 0.5)"), md);
    }

    @Test
    void theBaselineJoinsTheRegulariserTableWhenItHasRows() {
        ModelResult mlp = ModelResult.fromEpochs(RegulariserMlp.KWINNERS_BOOST, 1, "mnist", "cpu",
                RegulariserMlp.SETTINGS.withEpochs(1), List.of(new EpochResult(0, 64, 0.1f, 0.5, 0.8, 1000, 2)), 1000,
                200, 190, 0.2, List.of(new NoiseResult(NoiseKind.GAUSSIAN, NoiseKind.GAUSSIAN.defaultLevels(),
                        new int[]{190, 185, 180, 170, 160, 150, 140, 130, 120, 110}, 200),
                        new NoiseResult(NoiseKind.PAPER, NoiseKind.PAPER.defaultLevels(), constant(150), 200)),
                Map.of("parameters", 100), "models/x.safetensors");
        List<ModelSummary> s = ModelSummary.byModel(List.of(mlp, baseline(1, 180)));
        String t = ResultTables.regularisers(s).markdown();
        assertTrue(t.contains("| mlp-kwinners-boost | k-winners with boosting |"), t);
        assertTrue(t.contains("| sp-knn (HTM baseline) | HTM spatial pooler + 1-NN | 1 | 0 | 90.00 |"), t);
        assertTrue(ResultTables.paperNetworks(s).isEmpty(), "no paper network: no paper table");
    }
}
