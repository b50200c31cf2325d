package io.sparsa.experiments.report;

import io.sparsa.experiments.noise.NoiseKind;
import io.sparsa.experiments.run.ModelResult;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/** Writes every report file of a run and prints its tables on the console. */
public final class Reports {
    public static final String MARKDOWN = "results.md";
    public static final String CSV = "results.csv";
    public static final String JSON = "results.json";
    public static final String RUN_JSON = "run.json";

    private Reports() {
    }

    /** Writes results.md, results.csv, results.json, run.json and the charts into {@code dir}. */
    public static void write(Path dir, List<ModelResult> results, RunInfo info) throws IOException {
        write(dir, results, info, true);
    }

    /**
     * Writes the tables and, with {@code charts}, the charts (drawing them takes a moment, so a run
     * draws them once at the end and only rewrites the tables after each model).
     */
    public static void write(Path dir, List<ModelResult> results, RunInfo info, boolean withCharts) throws IOException {
        Files.createDirectories(dir);
        List<ModelSummary> summaries = ModelSummary.byModel(results);
        List<NoiseCharts.Chart> charts = withCharts ? NoiseCharts.write(dir, summaries) : List.of();
        writeAtomically(dir.resolve(JSON), ResultsJson.results(results));
        writeAtomically(dir.resolve(RUN_JSON), ResultsJson.run(info));
        writeAtomically(dir.resolve(CSV), ResultsCsv.render(results));
        writeAtomically(dir.resolve(MARKDOWN), ResultsMarkdown.render(results, info, charts));
    }

    /** The paper-style table, the regulariser table and the per-level tables. */
    public static void printConsole(PrintStream out, List<ModelResult> results, RunInfo info) {
        List<ModelSummary> summaries = ModelSummary.byModel(results);
        out.println();
        out.printf(Locale.ROOT, "=== results: %d model%s, %s, backend %s, JDK %s, wall time %.1f s%s ===%n",
                results.size(), results.size() == 1 ? "" : "s", info.dataset(), info.backend(), info.jdk(),
                info.wallSeconds(), info.interrupted() ? " (interrupted)" : "");
        TextTable paper = ResultTables.paperNetworks(summaries);
        if (!paper.isEmpty()) {
            out.println();
            out.println("The paper's networks (noise score: correct answers summed over pixel-noise levels 0.0-0.5;"
                    + " fraction = score / max):");
            out.print(paper.console("  "));
        }
        TextTable regs = ResultTables.regularisers(summaries);
        if (!regs.isEmpty()) {
            out.println();
            out.println("Regulariser comparison (noise score fractions):");
            out.print(regs.console("  "));
        }
        for (NoiseKind kind : NoiseKind.values()) {
            TextTable t = ResultTables.byLevel(summaries, kind);
            if (!t.isEmpty()) {
                out.println();
                out.println("Accuracy (%) by " + kind.levelName() + ":");
                out.print(t.console("  "));
            }
        }
        List<String> findings = Findings.of(summaries);
        if (!findings.isEmpty()) {
            out.println();
            out.println("What this run shows:");
            findings.forEach(f -> out.println("  - " + f));
        }
        out.flush();
    }

    static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
