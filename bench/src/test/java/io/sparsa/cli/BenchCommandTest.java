package io.sparsa.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Argument parsing and error cases of {@code sparsa bench}; nothing here runs a benchmark. */
class BenchCommandTest {
    /** A JMH JSON entry as JMH 1.37 writes it (trimmed to the fields the report reads). */
    private static final String ONE_RESULT = """
            [{"jmhVersion":"1.37","benchmark":"io.sparsa.bench.KWinnersBench.oneD","mode":"avgt","threads":1,
              "forks":1,"jvm":"/usr/bin/java","jvmArgs":["--add-modules=jdk.incubator.vector"],
              "jdkVersion":"17.0.15","vmName":"OpenJDK 64-Bit Server VM","warmupIterations":1,
              "warmupTime":"200 ms","measurementIterations":3,"measurementTime":"200 ms",
              "params":{"backend":"reference","batch":"64","k":"0.1","n":"4608"},
              "primaryMetric":{"score":12.5,"scoreError":"NaN","scorePercentiles":{"0.0":11.0,"50.0":12.0,"100.0":14.5},
              "scoreUnit":"us/op","rawData":[[11.0,12.0,14.5]]},"secondaryMetrics":{}}]
            """;

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String... args) {
        CommandLine cl = SparsaCli.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] full = new String[args.length + 1];
        full[0] = "bench";
        System.arraycopy(args, 0, full, 1, args.length);
        int code = cl.execute(full);
        return new Outcome(code, out.toString(), err.toString());
    }

    private static void assertBadInput(Outcome o, String expectedInMessage) {
        assertEquals(ErrorHandler.BAD_INPUT, o.code(), "exit code; stderr: " + o.err());
        assertTrue(o.err().contains(expectedInMessage), "stderr should mention '" + expectedInMessage + "': " + o.err());
    }

    @Test
    void helpListsTheOptions() {
        Outcome o = run("--help");
        assertEquals(0, o.code());
        for (String option : new String[]{"--quick", "--backend", "--out", "--report-only", "--update", "--prof"}) {
            assertTrue(o.out().contains(option), "help should list " + option + ": " + o.out());
        }
    }

    @Test
    void negativeForksAreRejected() {
        assertBadInput(run("--forks", "-1", "--list"), "--forks must be >= 0, got -1");
    }

    @Test
    void zeroMeasurementIterationsAreRejected() {
        assertBadInput(run("--iterations", "0", "--list"), "--iterations must be >= 1, got 0");
    }

    @Test
    void nonNumericForksAreAUsageError() {
        Outcome o = run("--forks", "many");
        assertEquals(CommandLine.ExitCode.USAGE, o.code());
        assertTrue(o.err().contains("--forks"), o.err());
    }

    @Test
    void malformedTimesAreRejected() {
        assertBadInput(run("--time", "soon", "--list"), "--time: expected a time such as 500ms or 2s, got 'soon'");
        assertBadInput(run("--warmup-time", "0ms", "--list"), "--warmup-time must be a positive time");
    }

    @Test
    void invalidIncludePatternIsRejected() {
        assertBadInput(run("--include", "Gemm(", "--list"), "--include: not a regular expression");
    }

    @Test
    void unknownBackendNamesTheKnownOnes() {
        Outcome o = run("--backend", "tpu", "--list");
        assertBadInput(o, "--backend: unknown backend 'tpu'");
        assertTrue(o.err().contains("reference"), "the known backends should be listed: " + o.err());
    }

    @Test
    void badLabelIsRejected() {
        assertBadInput(run("--label", "my run", "--list"), "--label: use letters");
    }

    @Test
    void missingResultFileIsRejected(@TempDir Path dir) {
        assertBadInput(run("--report-only", dir.resolve("none.json").toString()), "does not exist");
    }

    @Test
    void reportOnlyCannotBeCombinedWithList(@TempDir Path dir) throws Exception {
        Path json = Files.writeString(dir.resolve("r.json"), ONE_RESULT);
        assertBadInput(run("--report-only", json.toString(), "--list"), "--report-only measures nothing");
    }

    @Test
    void resultFileThatIsNotJmhJsonIsRejected(@TempDir Path dir) throws Exception {
        Path json = Files.writeString(dir.resolve("r.json"), "{\"benchmark\": 1}");
        assertBadInput(run("--report-only", json.toString(), "--out", dir.toString()), "is not a JMH JSON result");
    }

    @Test
    void quickListNamesEveryGroupWithoutRunning() {
        Outcome o = run("--quick", "--list", "--backend", "reference");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("backends: reference"), o.out());
        assertTrue(o.out().contains("group 'dense GEMM vs BLAS'"), o.out());
        assertTrue(o.out().contains("group 'k-winners vs copy floor'"), o.out());
        assertTrue(o.out().contains("forks 1"), o.out());
    }

    @Test
    void includeThatMatchesNothingIsShownInTheList() {
        Outcome o = run("--quick", "--list", "--backend", "reference", "--include", "NoSuchBench");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("(nothing matches)"), o.out());
    }

    @Test
    void reportOnlyWritesTheMarkdownAndUpdatesTheSection(@TempDir Path dir) throws Exception {
        Path json = Files.writeString(dir.resolve("r.json"), ONE_RESULT);
        Path results = Files.writeString(dir.resolve("RESULTS.md"), "# Results\n\nhand-written text\n");
        for (int i = 0; i < 2; i++) {
            Outcome o = run("--report-only", json.toString(), "--out", dir.toString(), "--label", "demo",
                    "--update", results.toString());
            assertEquals(0, o.code(), o.err());
        }
        String md = Files.readString(dir.resolve("bench-demo.md"), StandardCharsets.UTF_8);
        assertTrue(md.contains("| KWinnersBench.oneD | batch=64 k=0.1 n=4608 | 12.0 | us/op |"), md);
        String updated = Files.readString(results, StandardCharsets.UTF_8);
        assertTrue(updated.startsWith("# Results\n\nhand-written text\n"), updated);
        assertEquals(1, updated.split("<!-- sparsa bench demo: begin -->", -1).length - 1,
                "the section must be replaced, not appended twice: " + updated);
    }
}
