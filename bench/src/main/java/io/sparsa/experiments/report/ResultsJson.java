package io.sparsa.experiments.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.sparsa.experiments.model.ComparedModel;
import io.sparsa.experiments.model.PaperReference;
import io.sparsa.experiments.noise.NoiseKind;
import io.sparsa.experiments.noise.NoiseResult;
import io.sparsa.experiments.run.ModelResult;
import io.sparsa.train.EpochResult;

import java.util.List;
import java.util.Locale;

/**
 * {@code results.json}: a list with one object per trained model and seed. The top-level noise
 * fields ({@code noise}, {@code levels}, {@code accuracyByLevel}, {@code noiseScore},
 * {@code noiseMax}) hold its main noise test (the paper's pixel noise); {@code noiseTests} holds
 * every noise test it ran (the MLPs also have Gaussian noise). A baseline ({@code family}
 * {@code baseline}) has no training settings, {@code epochs} 0, an empty {@code epochHistory},
 * {@code testLoss} and {@code modelFile} null; {@code details} holds what describes a run beyond
 * that (a network's parameter count, a baseline's active columns and k). {@code run.json}
 * describes the run.
 */
public final class ResultsJson {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();

    private ResultsJson() {
    }

    /** The results as JSON text. */
    public static String results(List<ModelResult> results) {
        JsonArray list = new JsonArray();
        for (ModelResult r : results) {
            list.add(result(r));
        }
        return GSON.toJson(list) + "\n";
    }

    /** The run description as JSON text. */
    public static String run(RunInfo info) {
        return GSON.toJson(GSON.toJsonTree(info)) + "\n";
    }

    static JsonObject result(ModelResult r) {
        JsonObject o = new JsonObject();
        o.addProperty("model", r.name());
        o.addProperty("label", r.model().label());
        o.addProperty("family", family(r.model()));
        o.addProperty("seed", r.seed());
        o.addProperty("dataset", r.dataset());
        o.addProperty("backend", r.backend());
        o.addProperty("epochs", r.epochs());
        if (r.settings() != null) {
            o.addProperty("batchSize", r.settings().batchSize());
            o.addProperty("firstEpochBatchSize", r.settings().firstEpochBatchSize());
            o.addProperty("learningRate", r.settings().learningRate());
            o.addProperty("lrGamma", r.settings().lrGamma());
            o.addProperty("momentum", r.settings().momentum());
        }
        o.addProperty("training", r.training());
        o.addProperty("architecture", r.model().description());
        o.addProperty("trainImages", r.trainImages());
        o.addProperty("testImages", r.testImages());
        o.addProperty("testAccuracy", r.testAccuracy());
        o.addProperty("testCorrect", r.testCorrect());
        // JSON has no NaN: a model without a loss has none
        o.add("testLoss", Double.isFinite(r.testLoss()) ? new JsonPrimitive(r.testLoss()) : JsonNull.INSTANCE);
        JsonObject details = new JsonObject();
        r.details().forEach((k, v) -> details.add(k, v instanceof Number n ? new JsonPrimitive(n)
                : new JsonPrimitive(String.valueOf(v))));
        o.add("details", details);
        NoiseResult main = r.noise(NoiseKind.PAPER).orElse(r.noise().isEmpty() ? null : r.noise().get(0));
        if (main != null) {
            addNoise(o, main);
        }
        JsonArray tests = new JsonArray();
        for (NoiseResult n : r.noise()) {
            JsonObject t = new JsonObject();
            addNoise(t, n);
            tests.add(t);
        }
        o.add("noiseTests", tests);
        o.addProperty("trainSeconds", r.trainSeconds());
        o.addProperty("trainImagesPerSecond", r.trainImagesPerSecond());
        JsonArray history = new JsonArray();
        for (EpochResult e : r.history()) {
            JsonObject h = new JsonObject();
            h.addProperty("epoch", e.epoch() + 1);
            h.addProperty("batchSize", e.batchSize());
            h.addProperty("learningRate", e.learningRate());
            h.addProperty("loss", e.meanLoss());
            h.addProperty("trainAccuracy", e.trainAccuracy());
            h.addProperty("images", e.images());
            h.addProperty("seconds", e.seconds());
            h.addProperty("imagesPerSecond", e.imagesPerSecond());
            history.add(h);
        }
        o.add("epochHistory", history);
        r.model().paperReference().ifPresent(p -> o.add("paper", paper(p)));
        o.add("modelFile", r.modelFile() != null ? new JsonPrimitive(r.modelFile()) : JsonNull.INSTANCE);
        return o;
    }

    /** The family as results files spell it: {@code paper-cnn}, {@code regulariser-mlp}, {@code baseline}. */
    static String family(ComparedModel model) {
        return model.family().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static void addNoise(JsonObject o, NoiseResult n) {
        o.addProperty("noise", n.kind().id());
        JsonArray levels = new JsonArray();
        JsonArray acc = new JsonArray();
        JsonArray correct = new JsonArray();
        for (int i = 0; i < n.levels().size(); i++) {
            levels.add(n.levels().get(i));
            acc.add(n.accuracy(i));
            correct.add(n.correct()[i]);
        }
        o.add("levels", levels);
        o.add("accuracyByLevel", acc);
        o.add("correctByLevel", correct);
        o.addProperty("noiseScore", n.score());
        o.addProperty("noiseMax", n.max());
        o.addProperty("noiseFraction", n.fraction());
    }

    private static JsonObject paper(PaperReference p) {
        JsonObject o = new JsonObject();
        o.addProperty("testAccuracyPercent", p.accuracyPercent());
        o.addProperty("testAccuracyStdPercent", p.accuracyStdPercent());
        o.addProperty("noiseScore", p.noiseScore());
        o.addProperty("noiseScoreStd", p.noiseScoreStd());
        o.addProperty("noiseMax", PaperReference.NOISE_MAX);
        o.addProperty("noiseFraction", p.noiseFraction());
        return o;
    }
}
