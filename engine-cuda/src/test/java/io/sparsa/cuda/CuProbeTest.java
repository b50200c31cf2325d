package io.sparsa.cuda;

import io.sparsa.backend.BackendConfig;
import io.sparsa.backend.BackendUnavailableException;
import io.sparsa.backend.Backends;
import io.sparsa.backend.Probe;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the probe tells a user. On a machine without the NVIDIA driver (found independently by
 * looking for {@code libcuda.so.1} where the loader would), the reason must say so; on a machine
 * with a GPU, the probe must find it and describe it.
 */
class CuProbeTest {
    private static final CuProvider PROVIDER = new CuProvider();

    @Test
    void providerIsFoundByNameWithTheDocumentedPriority() {
        assertTrue(Backends.providers().stream().anyMatch(p -> p instanceof CuProvider), "CuProvider is not registered");
        assertEquals("cuda", PROVIDER.name());
        assertEquals(300, PROVIDER.priority());
    }

    @Test
    void withoutTheDriverTheReasonSaysSo() {
        boolean linuxX64 = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
        if (!linuxX64 || libcudaFound()) {
            String why = "SKIPPED no-driver probe check: " + (linuxX64 ? "libcuda.so.1 is installed here" : "not linux-x86_64");
            System.out.println(why);
            org.junit.jupiter.api.Assumptions.assumeTrue(false, why);
        }
        Probe probe = PROVIDER.probe();
        System.out.println("cuda probe here: " + probe.fullReason());
        assertFalse(probe.available(), "no libcuda.so.1 here, yet the probe says available");
        assertTrue(probe.reason().startsWith("no NVIDIA driver: libcuda.so.1 could not be loaded"), probe.reason());
        assertNotNull(probe.cause(), "the first cause must be kept");
        assertTrue(probe.cause() instanceof UnsatisfiedLinkError, "cause: " + probe.cause());
        assertTrue(probe.fullReason().length() < 400, "the reason must stay readable: " + probe.fullReason());
        assertEquals(probe.reason(), PROVIDER.probe().reason(), "a second probe gives the same answer");
    }

    @Test
    void anUnavailableBackendIsRefusedWithTheReason() {
        Probe probe = PROVIDER.probe();
        if (probe.available()) {
            String why = "SKIPPED refusal check: cuda is available here (" + probe.devices() + ")";
            System.out.println(why);
            org.junit.jupiter.api.Assumptions.assumeTrue(false, why);
        }
        assertFalse(probe.reason().isBlank());
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> PROVIDER.create(BackendConfig.fromSystemProperties()));
        assertTrue(e.getMessage().contains(probe.reason()), e.getMessage());
        BackendUnavailableException named = assertThrows(BackendUnavailableException.class, () -> Backends.select("cuda"));
        assertTrue(named.getMessage().contains(probe.reason()), named.getMessage());
    }

    @Test
    void anAvailableBackendDescribesItsDevicesAndGemmPath() {
        Probe probe = PROVIDER.probe();
        if (!probe.available()) {
            String why = "SKIPPED available-probe check: " + probe.fullReason();
            System.out.println(why);
            org.junit.jupiter.api.Assumptions.assumeTrue(false, why);
        }
        assertFalse(probe.devices().isEmpty());
        assertTrue(probe.details().stream().anyMatch(d -> d.startsWith("gemm: ")), probe.details().toString());
        try (CuBackend cuda = (CuBackend) PROVIDER.create(BackendConfig.fromSystemProperties())) {
            String d = cuda.deviceDescription();
            assertTrue(d.contains("sm_") && d.contains("gemm: "), d);
        }
        assertThrows(IllegalArgumentException.class, () -> PROVIDER.create(new BackendConfig(1000, 1)));
    }

    /** Whether the dynamic loader could find libcuda.so.1 in the usual places. */
    private static boolean libcudaFound() {
        List<String> dirs = new ArrayList<>(List.of("/lib", "/lib64", "/usr/lib", "/usr/lib64", "/lib/x86_64-linux-gnu",
                "/usr/lib/x86_64-linux-gnu", "/usr/local/nvidia/lib64", "/usr/local/cuda/compat", "/usr/lib/wsl/lib"));
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            dirs.addAll(List.of(ld.split(":")));
        }
        return dirs.stream().filter(d -> !d.isBlank()).anyMatch(d -> Files.exists(Path.of(d, "libcuda.so.1")));
    }
}
