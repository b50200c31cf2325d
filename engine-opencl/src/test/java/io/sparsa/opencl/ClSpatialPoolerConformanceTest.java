package io.sparsa.opencl;

import io.sparsa.backend.BackendProvider;
import io.sparsa.conformance.SpatialPoolerConformanceKit;

/** The spatial pooler and the k-NN classifier on the opencl backend, against the reference; skips with the probe's reason where it cannot run. */
class ClSpatialPoolerConformanceTest extends SpatialPoolerConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new ClProvider();
    }
}
