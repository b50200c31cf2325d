package io.sparsa.backend;

/**
 * A backend implementation, found by {@link java.util.ServiceLoader} through
 * {@code META-INF/services/io.sparsa.backend.BackendProvider}. Constructing a provider must be
 * cheap and must not load native libraries: that happens in {@link #probe()}.
 */
public interface BackendProvider {
    /** Unique lower-case name, as used by {@code sparsa.backend}. */
    String name();

    /** Higher wins under {@code auto}: cuda 300, opencl 200, cpu 100, reference 0. */
    int priority();

    /**
     * Whether this backend can run here. Loads natives lazily, catches every {@link Throwable}
     * ({@link UnsatisfiedLinkError} is an {@link Error}) and reports the first cause. Repeated calls
     * may return a cached result.
     */
    Probe probe();

    /**
     * A new backend instance.
     *
     * @throws BackendUnavailableException when {@link #probe()} says unavailable
     */
    Backend create(BackendConfig config);
}
