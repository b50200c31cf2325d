package io.sparsa.opencl;

import io.sparsa.backend.BackendProvider;
import io.sparsa.conformance.LayerConformanceKit;

/** Every layer's forward and backward (finite-difference gradient checks included) on the opencl backend, against the reference; skips with the probe's reason where it cannot run. */
class ClLayerConformanceTest extends LayerConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new ClProvider();
    }
}
