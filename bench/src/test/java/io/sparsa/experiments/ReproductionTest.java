package io.sparsa.experiments;

import io.sparsa.backend.Backend;
import io.sparsa.backend.Backends;
import io.sparsa.data.Dataset;
import io.sparsa.data.Datasets;
import io.sparsa.experiments.run.ExperimentPlan;
import io.sparsa.experiments.run.ModelResult;
import io.sparsa.experiments.run.Mode;
import io.sparsa.experiments.run.ProgressReporter;
import io.sparsa.experiments.run.Reproduction;
import io.sparsa.experiments.run.StopSignal;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stopped run keeps what it finished: models, tables marked as interrupted. */
class ReproductionTest {
    @TempDir
    Path tmp;

    private List<ModelResult> run(Path out, boolean stopAfterFirst, boolean stopBefore) throws IOException {
        ExperimentPlan plan = ExperimentPlan.create(Mode.QUICK,
                new ExperimentPlan.Options(1, List.of("mlp-relu", "mlp-kwinners"), 1, 200, 50));
        Dataset data = Datasets.load("mnist");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (Backend b = Backends.create("cpu"); StopSignal stop = StopSignal.manual();
             ProgressReporter progress = new ProgressReporter(new PrintStream(console, true, StandardCharsets.UTF_8),
                     false)) {
            if (stopBefore) {
                stop.request();
            }
            Reproduction r = new Reproduction(plan, data, b, out, progress, stop, "test");
            if (stopAfterFirst) {
                r.onFinished(m -> stop.request());
            }
            return r.run();
        }
    }

    @Test
    void stoppingAfterTheFirstModelKeepsItAndMarksTheTables() throws IOException {
        Path out = tmp.resolve("stopped");
        List<ModelResult> results = run(out, true, false);
        assertEquals(1, results.size());
        assertEquals("mlp-relu", results.get(0).name());
        assertTrue(Files.isRegularFile(out.resolve("models/mlp-relu-seed1.safetensors")));
        assertFalse(Files.exists(out.resolve("models/mlp-kwinners-seed1.safetensors")));
        String md = Files.readString(out.resolve("results.md"));
        assertTrue(md.contains("**Interrupted**") && md.contains("| mlp-relu |"), md);
        assertFalse(md.contains("| mlp-kwinners |"), md);
        assertTrue(Files.readString(out.resolve("run.json")).contains("\"interrupted\": true"));
        assertTrue(Files.isRegularFile(out.resolve("regularisers-gaussian-noise.png")), "partial charts are drawn");
    }

    @Test
    void stoppedBeforeAnythingWritesEmptyTables() throws IOException {
        Path out = tmp.resolve("nothing");
        assertEquals(List.of(), run(out, false, true));
        assertEquals("[]", Files.readString(out.resolve("results.json")).trim());
        assertTrue(Files.readString(out.resolve("results.csv")).startsWith("model,family,seed"));
    }
}
