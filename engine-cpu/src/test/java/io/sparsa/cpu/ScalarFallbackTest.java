package io.sparsa.cpu;

import io.sparsa.cpu.vector.CpuKernelsProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The choice between vector and scalar kernels: the property, and real JVMs started with and
 * without {@code --add-modules jdk.incubator.vector} running {@link ScalarFallbackMain}.
 */
class ScalarFallbackTest {
    private static final String WARNING_TEXT = "sparsa cpu backend uses scalar kernels";

    @Test
    void propertyChoosesTheImplementation() {
        CpuKernelsProvider.Choice off = CpuKernelsProvider.choose("false");
        assertFalse(off.kernels().vectorized());
        assertFalse(off.warn(), "an explicit request for scalar code is not worth a warning");
        assertTrue(off.summary().contains("sparsa.cpu.vector=false"), off.summary());
        CpuKernelsProvider.Choice on = CpuKernelsProvider.choose(" AUTO ");
        assertTrue(on.kernels().vectorized(), on.summary());
        assertEquals(null, on.fallback());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CpuKernelsProvider.choose("fast"));
        assertTrue(e.getMessage().contains("sparsa.cpu.vector") && e.getMessage().contains("fast"), e.getMessage());
    }

    @Test
    void withoutTheModuleTheBackendWarnsOnceAndRunsScalar() throws Exception {
        Result r = run(List.of());
        assertEquals(0, r.exit, r.describe());
        assertTrue(r.stdout.contains("results: ok"), r.describe());
        assertTrue(r.stdout.contains("scalar Java loops"), r.describe());
        assertEquals(1, count(r.stderr, WARNING_TEXT), "exactly one warning expected\n" + r.describe());
        assertTrue(r.stderr.contains("--add-modules jdk.incubator.vector"), r.describe());
    }

    @Test
    void propertyForcesScalarWithTheModulePresent() throws Exception {
        Result r = run(List.of("--add-modules", "jdk.incubator.vector", "-D" + CpuKernelsProvider.PROPERTY + "=false"));
        assertEquals(0, r.exit, r.describe());
        assertTrue(r.stdout.contains("scalar Java loops") && r.stdout.contains("results: ok"), r.describe());
        assertFalse(r.stderr.contains("WARNING: " + WARNING_TEXT), r.describe());
    }

    @Test
    void withTheModuleTheBackendIsVectorised() throws Exception {
        Result r = run(List.of("--add-modules", "jdk.incubator.vector"));
        assertEquals(0, r.exit, r.describe());
        assertTrue(r.stdout.contains("Panama FloatVector") && r.stdout.contains("results: ok"), r.describe());
        assertEquals(0, count(r.stderr, WARNING_TEXT), r.describe());
    }

    private record Result(int exit, String stdout, String stderr) {
        String describe() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private static Result run(List<String> jvmArgs) throws IOException, InterruptedException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-Dsparsa.threads=2");
        command.add("-cp");
        command.add(classPath);
        command.add(ScalarFallbackMain.class.getName());
        Process p = new ProcessBuilder(command).start();
        // Read both streams fully; the child writes little, so sequential reads cannot block it.
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
