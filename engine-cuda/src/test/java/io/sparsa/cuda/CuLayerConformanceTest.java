package io.sparsa.cuda;

import io.sparsa.backend.BackendProvider;
import io.sparsa.conformance.LayerConformanceKit;

/** Every layer's forward and backward (finite-difference gradient checks included) on the cuda backend, against the reference; skips with the probe's reason where it cannot run. */
class CuLayerConformanceTest extends LayerConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new CuProvider();
    }
}
