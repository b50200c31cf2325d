package io.sparsa.reference;

import io.sparsa.backend.Backend;
import io.sparsa.backend.BackendConfig;
import io.sparsa.backend.BackendProvider;
import io.sparsa.backend.Probe;

import java.util.List;

/** Provides the {@link ReferenceBackend}: lowest priority, and it can always run. */
public final class ReferenceProvider implements BackendProvider {
    private static final Probe PROBE = Probe.available(
            List.of("host CPU (Java " + Runtime.version().feature() + ")"),
            List.of("plain Java loops, single-threaded, double accumulation: the ground truth other backends are tested against"));

    @Override
    public String name() {
        return ReferenceBackend.NAME;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Probe probe() {
        return PROBE;
    }

    /** The configuration is ignored: the reference uses one thread and has no devices to choose from. */
    @Override
    public Backend create(BackendConfig config) {
        return new ReferenceBackend();
    }
}
