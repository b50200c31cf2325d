package io.sparsa.cuda;

import io.sparsa.backend.Probe;
import org.junit.jupiter.api.Assumptions;

/** Skips a GPU test, with the probe's reason printed, where the CUDA backend cannot run. */
final class CuTestSupport {
    private CuTestSupport() {
    }

    static void assumeCuda(String test) {
        Probe probe = new CuProvider().probe();
        if (!probe.available()) {
            String line = "SKIPPED " + test + ": " + probe.fullReason();
            System.out.println(line);
            Assumptions.assumeTrue(false, line);
        }
    }
}
