package io.sparsa.cpu;

import io.sparsa.backend.BackendProvider;
import io.sparsa.conformance.LayerConformanceKit;

/** Every layer's forward and backward (finite-difference gradient checks included) on the cpu backend, against the reference; skips with the probe's reason where it cannot run. */
class CpuLayerConformanceTest extends LayerConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new CpuProvider();
    }
}
