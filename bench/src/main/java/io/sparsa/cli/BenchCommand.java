package io.sparsa.cli;

import io.sparsa.backend.BackendProvider;
import io.sparsa.backend.Backends;
import io.sparsa.bench.blas.BlasBaseline;
import io.sparsa.bench.fixture.BenchBackends;
import io.sparsa.bench.report.Comparisons;
import io.sparsa.bench.report.JmhJson;
import io.sparsa.bench.report.MachineInfo;
import io.sparsa.bench.report.MarkdownReport;
import io.sparsa.bench.report.ReportSection;
import io.sparsa.bench.run.Group;
import io.sparsa.bench.run.RunSettings;
import io.sparsa.bench.run.Suite;
import io.sparsa.bench.run.SuiteRunner;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code sparsa bench [--quick]}: runs the JMH suite (each benchmark in a forked JVM with the
 * engine's flags), writes JMH's JSON and a Markdown report of every result against its baseline
 * with each target marked met or missed.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run the JMH benchmarks against their baselines and report the targets.",
                "Writes DIR/jmh-LABEL.json (JMH's JSON) and DIR/bench-LABEL.md (the report).",
                "The GEMM baseline needs a tuned native BLAS: " + BlasBaseline.INSTALL_HINT + "."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "Run the most telling subset (one configuration per target, a few minutes).")
    boolean quick;

    @Option(names = "--backend", split = ",", paramLabel = "NAME",
            description = "Backends to measure (default: cpu for --quick, where the targets are set; "
                    + "otherwise every available backend except reference).")
    List<String> backends;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench-results",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--include", paramLabel = "REGEX",
            description = "Only benchmarks whose name (io.sparsa.bench.Class.method) also matches REGEX.")
    String include;

    @Option(names = "--forks", paramLabel = "N", description = "Forked JVMs per benchmark (0 runs in this JVM).")
    Integer forks;

    @Option(names = "--warmup-iterations", paramLabel = "N", description = "Warm-up iterations.")
    Integer warmupIterations;

    @Option(names = "--warmup-time", paramLabel = "TIME", description = "Length of a warm-up iteration, e.g. 500ms, 1s.")
    String warmupTime;

    @Option(names = "--iterations", paramLabel = "N", description = "Measurement iterations.")
    Integer iterations;

    @Option(names = "--time", paramLabel = "TIME", description = "Length of a measurement iteration, e.g. 500ms, 1s.")
    String time;

    @Option(names = "--prof", paramLabel = "PROFILER", description = "A JMH profiler (gc, stack, perfasm, ...); repeatable.")
    List<String> profilers = new ArrayList<>();

    @Option(names = "--allow-java-blas",
            description = "Run even when no tuned native BLAS loaded; the GEMM targets then read 'not assessable'.")
    boolean allowJavaBlas;

    @Option(names = "--report-only", paramLabel = "JMH_JSON",
            description = "Measure nothing: write the report of an existing JMH JSON file.")
    Path reportOnly;

    @Option(names = "--update", paramLabel = "FILE",
            description = "Also put the report into FILE between '<!-- sparsa bench LABEL: begin/end -->' markers.")
    Path update;

    @Option(names = "--label", paramLabel = "LABEL", description = "Name of this run in file names and markers "
            + "(default: quick or full).")
    String label;

    @Option(names = "--list", description = "Print what would run, and exit.")
    boolean list;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        RunSettings settings = settings();
        String name = label();
        if (reportOnly != null) {
            writeReport(JmhJson.read(reportOnly), name, stdout);
            return 0;
        }
        List<String> selected = backends();
        List<Group> groups = quick ? Suite.quick() : Suite.full();
        if (list) {
            stdout.println("backends: " + String.join(", ", selected));
            stdout.println("settings: " + settings.describe());
            for (Group g : groups) {
                List<String> benchmarks = SuiteRunner.matching(SuiteRunner.restrict(g.include(), include));
                stdout.println("group '" + g.name() + "': " + (benchmarks.isEmpty() ? "(nothing matches)"
                        : String.join(", ", benchmarks)) + (g.params().isEmpty() ? "" : " " + g.params())
                        + (g.onlyBackends().isEmpty() ? "" : " only on " + g.onlyBackends()));
            }
            stdout.flush();
            return 0;
        }
        if (runsBlasBaseline()) {
            BlasBaseline.Description blas = BlasBaseline.describe();
            stdout.println("sparsa bench: BLAS baseline " + blas.summary());
            if (blas.kind() != BlasBaseline.Kind.OPTIMIZED_NATIVE && !allowJavaBlas) {
                throw new IllegalStateException("the GEMM baseline needs a tuned native BLAS, but " + blas.summary()
                        + "; or run with --allow-java-blas to measure against it anyway");
            }
        }
        Files.createDirectories(out);
        Path json = out.resolve("jmh-" + name + ".json");
        stdout.flush();
        new SuiteRunner(settings, selected, stdout).run(groups, include, json);
        stdout.println("sparsa bench: JMH results in " + json);
        writeReport(JmhJson.read(json), name, stdout);
        return 0;
    }

    private void writeReport(JmhJson.Parsed results, String name, PrintWriter stdout) throws IOException {
        String command = "sparsa " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        MachineInfo machine = MachineInfo.current(command);
        String title = "Sparsa benchmarks: " + name + (reportOnly != null ? " (results from " + reportOnly + ")" : "");
        String md = new MarkdownReport(results, Comparisons.all(), machine).render(title, 2);
        Files.createDirectories(out);
        Path file = out.resolve("bench-" + name + ".md");
        Files.writeString(file, md, StandardCharsets.UTF_8);
        stdout.println(md);
        stdout.println("sparsa bench: report in " + file);
        if (update != null) {
            ReportSection.replace(update, name, md);
            stdout.println("sparsa bench: updated the '" + name + "' section of " + update);
        }
        stdout.flush();
    }

    /** Validated settings: the suite's defaults with the options given. */
    RunSettings settings() {
        requireAtLeast("--forks", forks, 0);
        requireAtLeast("--warmup-iterations", warmupIterations, 0);
        requireAtLeast("--iterations", iterations, 1);
        requireTime("--warmup-time", warmupTime);
        requireTime("--time", time);
        if (include != null) {
            try {
                Pattern.compile(include);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("--include: not a regular expression: '" + include + "' ("
                        + e.getDescription() + ")", e);
            }
        }
        for (String p : profilers) {
            if (p.isBlank()) {
                throw new IllegalArgumentException("--prof: profiler name must not be empty");
            }
        }
        if (reportOnly != null && (list || backends != null)) {
            throw new IllegalArgumentException("--report-only measures nothing: it cannot be combined with "
                    + (list ? "--list" : "--backend"));
        }
        RunSettings base = quick ? RunSettings.quick() : RunSettings.full();
        return base.override(forks, warmupIterations, warmupTime, iterations, time, profilers, allowJavaBlas);
    }

    /** The run's label: {@code --label}, else quick or full. */
    String label() {
        String l = label != null ? label : quick ? "quick" : "full";
        if (!l.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("--label: use letters, digits, '.', '_' or '-' only, got '" + l + "'");
        }
        return l;
    }

    /**
     * The backends to measure: those asked for (each must exist and run here); else for the quick
     * suite the CPU backend, whose targets it checks (or the best available one), and for the full
     * suite every available backend except the reference.
     */
    List<String> backends() {
        if (backends == null || backends.isEmpty()) {
            List<String> available = BenchBackends.availableForSpeed();
            if (available.isEmpty()) {
                throw new IllegalStateException("no backend except the reference can run here; see 'sparsa backends'");
            }
            if (quick) {
                return List.of(available.contains("cpu") ? "cpu" : available.get(0));
            }
            return available;
        }
        List<String> known = Backends.providers().stream().map(BackendProvider::name).toList();
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String b : backends) {
            String n = b.trim().toLowerCase(Locale.ROOT);
            if (!known.contains(n)) {
                throw new IllegalArgumentException("--backend: unknown backend '" + b + "'; known here: "
                        + String.join(", ", known));
            }
            // an unavailable backend fails with the probe's reason (exit code 3)
            names.add(Backends.select(n).provider().name());
        }
        return List.copyOf(names);
    }

    private boolean runsBlasBaseline() {
        String blas = Suite.PACKAGE + "BlasGemmBench.sgemm";
        return (quick ? Suite.quick() : Suite.full()).stream()
                .anyMatch(g -> Pattern.compile(SuiteRunner.restrict(g.include(), include)).matcher(blas).find());
    }

    private static void requireAtLeast(String option, Integer value, int min) {
        if (value != null && value < min) {
            throw new IllegalArgumentException(option + " must be >= " + min + ", got " + value);
        }
    }

    private static void requireTime(String option, String value) {
        if (value == null) {
            return;
        }
        try {
            TimeValue t = TimeValue.fromString(value.trim());
            if (t.getTime() <= 0) {
                throw new IllegalArgumentException(option + " must be a positive time, got '" + value + "'");
            }
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException && e.getMessage() != null && e.getMessage().startsWith(option)) {
                throw e;
            }
            throw new IllegalArgumentException(option + ": expected a time such as 500ms or 2s, got '" + value + "'", e);
        }
    }
}
