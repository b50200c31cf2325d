package io.sparsa.bench.run;

import io.sparsa.bench.blas.BlasBaseline;
import io.sparsa.bench.fixture.ForkFlags;
import io.sparsa.bench.report.JmhJson;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a suite through JMH's Java API, each benchmark in a forked JVM that gets the flags the
 * engine needs, and merges the groups' JSON into one file.
 */
public final class SuiteRunner {
    private final RunSettings settings;
    private final List<String> backends;
    private final PrintWriter log;

    /**
     * @param settings JMH settings
     * @param backends values of every benchmark's {@code backend} parameter
     * @param log      where progress lines go (JMH prints its own output to stdout)
     */
    public SuiteRunner(RunSettings settings, List<String> backends, PrintWriter log) {
        this.settings = settings;
        this.backends = List.copyOf(backends);
        this.log = log;
    }

    /**
     * Runs {@code groups} and writes JMH's JSON of all of them to {@code json}.
     *
     * @param include an extra pattern each benchmark must also match (JMH syntax), or null
     */
    public void run(List<Group> groups, String include, Path json) throws IOException {
        Path dir = json.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        List<Path> parts = new ArrayList<>();
        int index = 0;
        for (Group g : groups) {
            List<String> groupBackends = g.backendsOf(backends);
            if (groupBackends.isEmpty()) {
                log.println("sparsa bench: skipping group '" + g.name() + "': it runs only on " + g.onlyBackends());
                log.flush();
                continue;
            }
            String pattern = restrict(g.include(), include);
            List<String> benchmarks = matching(pattern);
            if (benchmarks.isEmpty()) {
                log.println("sparsa bench: skipping group '" + g.name() + "': no benchmark matches " + pattern);
                log.flush();
                continue;
            }
            Path part = dir.resolve(json.getFileName() + ".part" + (index++));
            Files.deleteIfExists(part);
            log.println("sparsa bench: group '" + g.name() + "' on " + String.join(", ", groupBackends) + ": "
                    + String.join(", ", benchmarks));
            log.flush();
            ChainedOptionsBuilder o = options(g, pattern, groupBackends, part);
            try {
                new Runner(o.build()).run();
            } catch (RunnerException e) {
                throw new IllegalStateException("JMH failed in group '" + g.name() + "': " + e.getMessage(), e);
            }
            parts.add(part);
        }
        Files.writeString(json, JmhJson.merge(parts), StandardCharsets.UTF_8);
        for (Path p : parts) {
            Files.deleteIfExists(p);
        }
    }

    /**
     * A pattern matching what both patterns match ({@code extra} may be null). JMH ORs its include
     * patterns, so the extra one becomes a look-ahead of the group's.
     */
    public static String restrict(String groupInclude, String extra) {
        return extra == null ? groupInclude : "(?=.*(?:" + extra + "))" + groupInclude;
    }

    /** The benchmarks ({@code Class.method}) of this jar that {@code pattern} selects, as JMH would. */
    public static List<String> matching(String pattern) {
        OutputFormat silent = OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT);
        List<String> names = new ArrayList<>();
        for (BenchmarkListEntry e : BenchmarkList.defaultList().find(silent, List.of(pattern), List.of())) {
            String name = JmhJson.shortName(e.getUsername());
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    private ChainedOptionsBuilder options(Group g, String pattern, List<String> groupBackends, Path result) {
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(pattern)
                .param("backend", groupBackends.toArray(String[]::new))
                .result(result.toString())
                .resultFormat(ResultFormatType.JSON)
                .shouldFailOnError(false)
                .jvmArgsAppend(forkedJvmArgs(settings.allowJavaBlas(), result.getParent()).toArray(String[]::new));
        for (Map.Entry<String, List<String>> p : g.params().entrySet()) {
            o.param(p.getKey(), p.getValue().toArray(String[]::new));
        }
        if (settings.forks() != null) {
            o.forks(settings.forks());
        }
        if (settings.warmupIterations() != null) {
            o.warmupIterations(settings.warmupIterations());
        }
        if (settings.warmupTime() != null) {
            o.warmupTime(TimeValue.fromString(settings.warmupTime()));
        }
        if (settings.iterations() != null) {
            o.measurementIterations(settings.iterations());
        }
        if (settings.iterationTime() != null) {
            o.measurementTime(TimeValue.fromString(settings.iterationTime()));
        }
        for (String p : settings.profilers()) {
            o.addProfiler(p);
        }
        return o;
    }

    /**
     * Flags every forked benchmark JVM gets (these replace the {@code @Fork} annotation's, and add to
     * those inherited from this JVM): the Vector API module, native access for JNI, LWJGL and JCuda,
     * on JDK 24+ JMH's own use of {@code sun.misc.Unsafe}, whether the BLAS baseline may run on a
     * Java BLAS, and where a crashing JVM writes its error report (next to the results).
     */
    public static List<String> forkedJvmArgs(boolean allowJavaBlas, Path crashDir) {
        // forks inherit this JVM's flags; repeat none of them
        List<String> inherited = ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> args = new ArrayList<>();
        for (String flag : List.of(ForkFlags.VECTOR_API, ForkFlags.NATIVE_ACCESS)) {
            if (!inherited.contains(flag)) {
                args.add(flag);
            }
        }
        if (Runtime.version().feature() >= 24 && inherited.stream()
                .noneMatch(a -> a.startsWith("--sun-misc-unsafe-memory-access"))) {
            args.add("--sun-misc-unsafe-memory-access=allow");
        }
        args.add("-D" + BlasBaseline.ALLOW_JAVA_BLAS + "=" + allowJavaBlas);
        args.add("-XX:ErrorFile=" + crashDir.toAbsolutePath().resolve("hs_err_pid%p.log"));
        return args;
    }
}
