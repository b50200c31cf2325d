package io.sparsa.cuda;

import io.sparsa.backend.BackendProvider;
import io.sparsa.conformance.BackendConformanceKit;

/**
 * The conformance kit against the CUDA backend as users get it (cuBLAS for GEMM when it loads).
 * Without a usable GPU every test is skipped with the probe's reason printed.
 */
class CuConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new CuProvider();
    }
}
