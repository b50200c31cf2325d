package io.sparsa.cpu;

import io.sparsa.backend.BackendProvider;
import io.sparsa.conformance.SpatialPoolerConformanceKit;

/** The spatial pooler and the k-NN classifier on the cpu backend, against the reference; skips with the probe's reason where it cannot run. */
class CpuSpatialPoolerConformanceTest extends SpatialPoolerConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new CpuProvider();
    }
}
