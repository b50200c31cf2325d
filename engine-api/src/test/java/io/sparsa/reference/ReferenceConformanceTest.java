package io.sparsa.reference;

import io.sparsa.backend.BackendProvider;
import io.sparsa.conformance.BackendConformanceKit;

/**
 * The kit run against the reference itself: proves the kit's cases are well formed (shapes,
 * data, expected exceptions) and that the reference is deterministic, so a backend module that
 * fails the kit has a real difference.
 */
class ReferenceConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new ReferenceProvider();
    }
}
