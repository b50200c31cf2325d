package io.sparsa.opencl;

import io.sparsa.backend.Probe;
import org.junit.jupiter.api.Assumptions;

/** Shared by the OpenCL tests: a provider whose probe succeeded, or a skip with the printed reason. */
final class ClTestSupport {
    private static final ClProvider PROVIDER = new ClProvider();

    private ClTestSupport() {
    }

    /** The provider; aborts the calling test (reported as skipped) when OpenCL cannot run here. */
    static ClProvider providerOrSkip(String test) {
        Probe probe = PROVIDER.probe();
        if (!probe.available()) {
            String line = "SKIPPED " + test + ": " + probe.fullReason();
            System.out.println(line);
            Assumptions.abort(line);
        }
        return PROVIDER;
    }
}
