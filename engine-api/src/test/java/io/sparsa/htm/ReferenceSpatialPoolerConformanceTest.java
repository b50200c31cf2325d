package io.sparsa.htm;

import io.sparsa.backend.BackendProvider;
import io.sparsa.conformance.SpatialPoolerConformanceKit;
import io.sparsa.reference.ReferenceProvider;

/**
 * The spatial pooler kit run against the reference itself: proves its cases are well formed and
 * that the pooler is deterministic, so a backend module that fails the kit has a real difference.
 */
class ReferenceSpatialPoolerConformanceTest extends SpatialPoolerConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new ReferenceProvider();
    }
}
