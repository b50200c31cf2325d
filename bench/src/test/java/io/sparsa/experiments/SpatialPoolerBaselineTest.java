package io.sparsa.experiments;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sparsa.backend.Backend;
import io.sparsa.backend.Backends;
import io.sparsa.data.Batch;
import io.sparsa.data.DataLoader;
import io.sparsa.data.Dataset;
import io.sparsa.data.Datasets;
import io.sparsa.data.LabeledImages;
import io.sparsa.data.Normalization;
import io.sparsa.data.PaperPixelNoise;
import io.sparsa.experiments.classifier.SpatialPoolerKnn;
import io.sparsa.experiments.model.RegulariserMlp;
import io.sparsa.experiments.model.SpatialPoolerBaseline;
import io.sparsa.experiments.noise.NoiseKind;
import io.sparsa.experiments.run.ExperimentPlan;
import io.sparsa.experiments.run.ModelResult;
import io.sparsa.experiments.run.Mode;
import io.sparsa.experiments.run.ProgressReporter;
import io.sparsa.experiments.run.Reproduction;
import io.sparsa.experiments.run.StopSignal;
import io.sparsa.htm.KnnClassifier;
import io.sparsa.htm.SpatialPoolerClassifier;
import io.sparsa.htm.SpatialPoolerConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTM baseline row of {@code reproduce}, end to end on a slice of the bundled digits with a
 * pooler small enough to run in seconds (1,024 columns, 40 active, learning off), beside one MLP.
 */
class SpatialPoolerBaselineTest {
    private static final int TRAIN = 500;
    private static final int TEST = 200;
    /** The thread-mnist preset shrunk: 32x32 columns, 40 active. */
    private static final SpatialPoolerBaseline SMALL = new SpatialPoolerBaseline("sp-knn-small",
            SpatialPoolerBaseline.THREAD_MNIST.config().toBuilder().columnDimensions(32, 32)
                    .numActiveColumnsPerInhArea(40).build(), 0, 1, KnnClassifier.Distance.OVERLAP, 0.5f);

    private static Dataset data;

    @TempDir
    static Path tmp;
    private static Path out;
    private static List<ModelResult> results;
    private static String console;

    @BeforeAll
    static void runTheBaselineBesideAnMlp() throws IOException {
        data = Datasets.load("mnist");
        out = tmp.resolve("run");
        ExperimentPlan plan = new ExperimentPlan(Mode.QUICK, List.of(
                new ExperimentPlan.PlannedRun(RegulariserMlp.KWINNERS_BOOST, RegulariserMlp.SETTINGS.withEpochs(1)),
                new ExperimentPlan.PlannedRun(SMALL, null)), List.of(1L), TRAIN, TEST, List.of());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Backend b = Backends.create("cpu"); StopSignal stop = StopSignal.manual();
             ProgressReporter progress = new ProgressReporter(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                     false)) {
            results = new Reproduction(plan, data, b, out, progress, stop, "test").run();
        }
        console = bytes.toString(StandardCharsets.UTF_8);
    }

    private static ModelResult sp() {
        return results.stream().filter(r -> r.model() == SMALL).findFirst().orElseThrow();
    }

    @Test
    void theBaselineIsTrainedAndTestedUnderBothNoises() {
        assertEquals(2, results.size(), console);
        ModelResult r = sp();
        assertNull(r.settings());
        assertNull(r.modelFile(), "nothing saved");
        assertEquals(TRAIN, r.trainImages());
        assertEquals(TEST, r.testImages());
        assertTrue(r.testAccuracy() > 0.5 && r.testAccuracy() <= 1.0, "1-NN on 500 digits should be well above chance: "
                + r.testAccuracy());
        assertTrue(Double.isNaN(r.testLoss()), "a k-NN has no loss");
        assertEquals(40.0, ((Number) r.details().get("meanActiveColumns")).doubleValue(), 1e-9, "exactly k winners");
        assertEquals(1024, r.details().get("columns"));
        for (NoiseKind kind : List.of(NoiseKind.GAUSSIAN, NoiseKind.PAPER)) {
            double[] acc = r.noise(kind).orElseThrow().accuracies();
            assertEquals(kind.defaultLevels().size(), acc.length);
            for (double a : acc) {
                assertTrue(a >= 0 && a <= 1, kind + ": " + java.util.Arrays.toString(acc));
            }
            assertEquals(r.testAccuracy(), acc[0], 0.0, kind + " level 0 is the clean test set");
            // noise hurts: the noisiest half is worse than the cleanest half, the noisiest level far worse
            int half = acc.length / 2;
            double clean = java.util.Arrays.stream(acc, 0, half).average().orElseThrow();
            double noisy = java.util.Arrays.stream(acc, acc.length - half, acc.length).average().orElseThrow();
            assertTrue(noisy < clean, kind + ": " + java.util.Arrays.toString(acc));
            assertTrue(acc[acc.length - 1] < acc[0] - 0.2, kind + ": " + java.util.Arrays.toString(acc));
        }
        assertTrue(console.contains("== sp-knn-small (HTM baseline) seed 1: binarise (pixel > 0.5) -> spatial pooler"
                + " (32x32 columns, 40 active"), console);
    }

    @Test
    void itIsARowOfTheTablesCsvJsonAndCharts() throws IOException {
        String md = Files.readString(out.resolve("results.md"));
        assertTrue(md.contains("## Baselines"), md);
        assertTrue(md.contains("| sp-knn-small (HTM baseline) | HTM spatial pooler + 1-NN | 1 | 0 | "),
                "regulariser table:\n" + md);
        assertTrue(md.contains("## Accuracy (%) by pixel noise level") && md.contains("## Accuracy (%) by Gaussian"),
                md);
        assertEquals(5, md.lines().filter(l -> l.startsWith("| sp-knn-small (HTM baseline) | ")).count(),
                "a row in the regulariser, both per-level, the training-cost and the models tables:\n" + md);
        assertTrue(md.contains("| sp-knn-small (HTM baseline) | binarise"), "models table:\n" + md);

        JsonArray json = JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonArray();
        JsonObject o = null;
        for (JsonElement e : json) {
            if (e.getAsJsonObject().get("model").getAsString().equals("sp-knn-small")) {
                o = e.getAsJsonObject();
            }
        }
        assertTrue(o != null, json.toString());
        assertEquals("baseline", o.get("family").getAsString());
        assertEquals(sp().testAccuracy(), o.get("testAccuracy").getAsDouble(), 0.0);
        assertEquals(40, o.getAsJsonObject("details").get("activeColumns").getAsInt());
        assertEquals(1, o.getAsJsonObject("details").get("k").getAsInt());

        List<String> csv = Files.readString(out.resolve("results.csv")).lines()
                .filter(l -> l.startsWith("sp-knn-small,baseline,1,")).toList();
        assertEquals(10 + 11, csv.size(), "one row per noise level");

        for (String chart : List.of("regularisers-gaussian-noise.png", "regularisers-pixel-noise.png")) {
            assertTrue(Files.size(out.resolve(chart)) > 5_000, chart);
        }
    }

    /**
     * The baseline's noisy test images are the networks' noisy test images: the pixels the
     * networks get (normalised) and those it gets (grey levels) binarise alike.
     */
    @Test
    void itSeesTheSameNoisyImagesAsTheNetworks() {
        LabeledImages train = data.train().slice(0, 300);
        LabeledImages test = data.test().slice(0, 60);
        PaperPixelNoise noise = new PaperPixelNoise(0.2);
        long seed = 42;
        System.out.println("noise seed " + seed);
        try (Backend b = Backends.create("cpu");
             SpatialPoolerClassifier sp = SMALL.create(b, 28, 28, 1)) {
            sp.fit(train);
            int viaBaseline = new SpatialPoolerKnn(sp, 25).evaluate(test, noise, seed).correct();
            Normalization n = Reproduction.NORMALIZATION;
            float[] pixels = new float[test.size() * test.imageSize()];
            int at = 0;
            for (Batch batch : new DataLoader(test, n, noise, seed).epoch(0, 17, false)) {
                for (float v : batch.images()) {
                    pixels[at++] = v * n.std() + n.mean();
                }
            }
            int[] predicted = sp.classifier().predict(sp.encode(new LabeledImages(pixels, test.labels(), 1, 28, 28)));
            int viaNetworkImages = 0;
            for (int i = 0; i < predicted.length; i++) {
                viaNetworkImages += predicted[i] == test.label(i) ? 1 : 0;
            }
            assertEquals(viaNetworkImages, viaBaseline);
            int clean = new SpatialPoolerKnn(sp, 60).evaluate(test, null, seed).correct();
            assertTrue(viaBaseline < clean, "20% pixel noise costs answers: " + viaBaseline + " vs " + clean);
        }
    }

    @Test
    void aLearningBaselineLearnsBeforeEncodingAndKeepsItsSparsity() throws IOException {
        SpatialPoolerBaseline learning = new SpatialPoolerBaseline("sp-knn-learning", SMALL.config().toBuilder()
                .synPermActiveInc(0.05f).synPermInactiveDec(0.008f).build(), 1, 3, KnnClassifier.Distance.OVERLAP, 0.5f);
        ExperimentPlan plan = new ExperimentPlan(Mode.QUICK, List.of(new ExperimentPlan.PlannedRun(learning, null)),
                List.of(2L), 150, 40, List.of());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<ModelResult> rs;
        try (Backend b = Backends.create("cpu"); StopSignal stop = StopSignal.manual();
             ProgressReporter progress = new ProgressReporter(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                     false)) {
            rs = new Reproduction(plan, data, b, tmp.resolve("learning"), progress, stop, "test").run();
        }
        String log = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("sp-knn-learning (HTM baseline) seed 2 learning pass 1/1: 150 inputs: active columns per"
                + " input mean 40.00, min 40, max 40"), log);
        ModelResult r = rs.get(0);
        assertEquals(learning.config().seed() + 1, ((Number) r.details().get("poolerSeed")).longValue(), "seed 2");
        assertEquals(1, r.details().get("learningPasses"));
        assertEquals(40.0, ((Number) r.details().get("meanActiveColumns")).doubleValue(), 1e-9);
        assertTrue(r.testAccuracy() > 0.2, "3-NN after learning on 150 digits is above chance: " + r.testAccuracy());
    }

    @Test
    void runSeedOneIsThePresetItself() {
        SpatialPoolerConfig c = SpatialPoolerBaseline.THREAD_MNIST.configFor(28, 28, 1);
        assertEquals(SpatialPoolerConfig.threadMnist(), c);
        assertEquals(7778, SpatialPoolerBaseline.THREAD_MNIST.configFor(28, 28, 2).seed());
    }
}
