package io.sparsa.nn;

import io.sparsa.backend.BackendProvider;
import io.sparsa.conformance.LayerConformanceKit;
import io.sparsa.reference.ReferenceProvider;

/** The layer kit on the reference backend: the gradient checks of every layer, in double-accumulating arithmetic. */
class ReferenceLayerConformanceTest extends LayerConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new ReferenceProvider();
    }
}
