package io.sparsa.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sparsa.backend.Backend;
import io.sparsa.backend.Backends;
import io.sparsa.io.ModelFile;
import io.sparsa.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One epoch on a few hundred digits through the real commands: train then eval on a directory
 * dataset, and reproduce writing every report file. Slow parts are kept tiny; what is checked is
 * that the pieces agree with each other (eval's accuracy equals train's, level 0 equals the clean
 * accuracy, scores are the sums of their levels).
 */
class EndToEndTest {
    private static final Pattern ACCURACY = Pattern.compile("test accuracy: (\\d\\.\\d{4})");

    @TempDir
    Path tmp;

    @Test
    void trainThenEvalRebuildsTheModelFromItsFileAlone() throws IOException {
        Path data = IdxFiles.digits(tmp.resolve("digits"), 240, 100);
        Path model = tmp.resolve("m.safetensors");
        Cli.Result train = Cli.run("train", "--model", "sparse-cnn-2", "--dataset", data.toString(), "--epochs", "1",
                "--backend", "cpu", "--seed", "3", "--out", model.toString());
        assertEquals(0, train.code(), train.all());
        assertTrue(train.out().contains("epoch 1/1: loss "), train.all());
        assertTrue(train.out().contains("images/s (batch 4, lr 0.02)"), "the first epoch uses batch 4:\n" + train.all());
        String trained = accuracy(train);
        assertTrue(Files.size(model) > 100_000, "model file too small");

        Cli.Result eval = Cli.run("eval", "--model-file", model.toString(), "--dataset", data.toString(), "--noise",
                "paper", "--levels", "0,0.1,0.3", "--backend", "cpu");
        assertEquals(0, eval.code(), eval.all());
        assertEquals(trained, accuracy(eval), "eval of the saved model must match train's own test:\n" + eval.all());
        String[] lines = eval.out().split("\n");
        List<String> levels = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith("paper noise level ")) {
                levels.add(l);
            }
        }
        assertEquals(3, levels.size(), eval.all());
        assertTrue(levels.get(0).startsWith("paper noise level 0.00: accuracy " + trained), eval.all());
        assertTrue(eval.out().contains("paper noise score: "), eval.all());
        assertTrue(eval.out().contains(" of 300 ("), "3 levels of 100 images:\n" + eval.all());
    }

    @Test
    void reproduceWritesEveryFileWithConsistentNumbers() throws IOException {
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run("reproduce", "--models", "dense-cnn-1,sparse-cnn-1,mlp-kwinners-boost,mlp-wta-lifetime",
                "--limit-train", "200", "--limit-test", "60", "--epochs", "1", "--backend", "cpu", "--out",
                out.toString());
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("The paper's networks"), r.all());
        assertTrue(r.out().contains("Accuracy (%) by Gaussian noise sigma"), r.all());
        assertTrue(r.out().contains("training on the first 200 of 8,000 training images only"), "reductions are printed:\n"
                + r.all());

        JsonArray results = JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonArray();
        assertEquals(4, results.size());
        for (JsonElement e : results) {
            JsonObject o = e.getAsJsonObject();
            for (String field : new String[]{"model", "seed", "dataset", "backend", "epochs", "testAccuracy", "noise",
                    "levels", "accuracyByLevel", "noiseScore", "noiseMax", "trainSeconds", "trainImagesPerSecond"}) {
                assertTrue(o.has(field), "results.json lacks '" + field + "': " + o);
            }
            assertEquals("cpu", o.get("backend").getAsString());
            assertEquals(1, o.get("seed").getAsInt());
            assertEquals(1, o.get("epochs").getAsInt());
            assertEquals("paper", o.get("noise").getAsString());
            assertEquals(11, o.getAsJsonArray("levels").size());
            assertEquals(11 * 60, o.get("noiseMax").getAsInt());
            int sum = 0;
            for (JsonElement c : o.getAsJsonArray("correctByLevel")) {
                sum += c.getAsInt();
            }
            assertEquals(sum, o.get("noiseScore").getAsInt(), "the noise score is the sum over the levels");
            assertEquals(o.get("testAccuracy").getAsDouble(), o.getAsJsonArray("accuracyByLevel").get(0).getAsDouble(),
                    "noise level 0 is the clean test set");
            assertTrue(o.get("trainImagesPerSecond").getAsDouble() > 0);
            Path model = out.resolve(o.get("modelFile").getAsString());
            assertTrue(Files.isRegularFile(model), "missing " + model);
            boolean mlp = o.get("model").getAsString().startsWith("mlp-");
            assertEquals(mlp ? 2 : 1, o.getAsJsonArray("noiseTests").size());
            if (mlp) {
                JsonObject gaussian = o.getAsJsonArray("noiseTests").get(0).getAsJsonObject();
                assertEquals("gaussian", gaussian.get("noise").getAsString());
                assertEquals(10, gaussian.getAsJsonArray("levels").size());
                assertEquals(0.8, gaussian.getAsJsonArray("levels").get(9).getAsDouble());
            } else {
                double paper = o.get("model").getAsString().equals("dense-cnn-1") ? 99.14 : 98.41;
                assertEquals(paper, o.getAsJsonObject("paper").get("testAccuracyPercent").getAsDouble());
            }
        }
        JsonObject wta = results.get(3).getAsJsonObject();
        assertEquals("mlp-wta-lifetime", wta.get("model").getAsString());

        String csv = Files.readString(out.resolve("results.csv"));
        String[] rows = csv.split("\n");
        assertTrue(rows[0].startsWith("model,family,seed,dataset,backend,epochs"), rows[0]);
        assertEquals(1 + 11 + 11 + (10 + 11) * 2, rows.length, "one row per model, noise and level");

        String md = Files.readString(out.resolve("results.md"));
        assertTrue(md.contains("| network | seeds | epochs | test accuracy % | noise score |"), md);
        assertTrue(md.contains("| dense-cnn-1 | 1 | 1 | "), md);
        assertTrue(md.contains("| sparse-cnn-2 | 99.09 ± 0.05 | 103,764 ± 1,125 | 0.9433 ± 0.0102 |"),
                "the paper's reference table:\n" + md);
        assertTrue(md.contains("## Regulariser comparison"), md);
        assertTrue(md.contains("![") && md.contains("regularisers-gaussian-noise.png"), md);

        for (String chart : new String[]{"paper-networks-pixel-noise.png", "regularisers-gaussian-noise.png",
                "regularisers-pixel-noise.png"}) {
            byte[] png = Files.readAllBytes(out.resolve(chart));
            assertTrue(png.length > 5_000, chart + " is too small to hold a chart");
            assertArrayEquals(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4), chart);
        }
        JsonObject run = JsonParser.parseString(Files.readString(out.resolve("run.json"))).getAsJsonObject();
        assertEquals("mnist", run.get("dataset").getAsString());
        assertEquals(200, run.get("trainImages").getAsInt());
        assertTrue(!run.get("interrupted").getAsBoolean());

        // a saved model rebuilds from its file alone, including the lifetime-sparsity layer
        try (Backend b = Backends.create("cpu");
             Sequential m = ModelFile.load(b, out.resolve(wta.get("modelFile").getAsString()))) {
            assertTrue(m.toString().contains("LifetimeSparsity"), m.toString());
        }
    }

    private static String accuracy(Cli.Result r) {
        Matcher m = ACCURACY.matcher(r.out());
        assertTrue(m.find(), "no 'test accuracy: ' line:\n" + r.all());
        return m.group(1);
    }
}
