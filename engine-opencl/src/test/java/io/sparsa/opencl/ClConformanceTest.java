package io.sparsa.opencl;

import io.sparsa.backend.BackendProvider;
import io.sparsa.conformance.BackendConformanceKit;

/**
 * The whole conformance kit on the OpenCL backend (PoCL in CI), against the reference with the
 * kit's default tolerances: abs 1e-5 and rel 1e-4 for element-wise results, the absolute part
 * widened by sqrt(length) for reductions; indices, selections and dropout masks bit-exact.
 * Skips, printing the probe's reason, where no OpenCL platform exists.
 */
class ClConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new ClProvider();
    }
}
