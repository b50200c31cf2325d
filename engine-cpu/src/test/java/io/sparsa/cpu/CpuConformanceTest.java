package io.sparsa.cpu;

import io.sparsa.backend.BackendProvider;
import io.sparsa.conformance.BackendConformanceKit;

/** The conformance kit against the CPU backend as the provider creates it (vector kernels under the test JVM's flags). */
class CpuConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new CpuProvider();
    }
}
