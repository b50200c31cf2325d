package io.sparsa.cuda;

import io.sparsa.backend.Backend;
import io.sparsa.backend.BackendConfig;
import io.sparsa.backend.BackendProvider;
import io.sparsa.backend.BackendUnavailableException;
import io.sparsa.backend.Probe;

/**
 * Provides the {@link CuBackend}: the highest priority, when an NVIDIA GPU and driver are present.
 * Constructing the provider loads nothing; {@link #probe()} does, once per JVM.
 */
public final class CuProvider implements BackendProvider {
    private final GemmChoice.Mode gemmMode;

    /** The provider {@link java.util.ServiceLoader} finds; the GEMM path comes from {@value GemmChoice#PROPERTY}. */
    public CuProvider() {
        this.gemmMode = null;
    }

    /**
     * A provider whose backends use the given GEMM path ({@code "auto"}, {@code "cublas"} or
     * {@code "kernel"}) whatever {@value GemmChoice#PROPERTY} says; tests use it to cover both paths.
     */
    public static CuProvider withGemm(String mode) {
        return new CuProvider(GemmChoice.Mode.valueOf(mode.trim().toUpperCase(java.util.Locale.ROOT)));
    }

    private CuProvider(GemmChoice.Mode gemmMode) {
        this.gemmMode = gemmMode;
    }

    @Override
    public String name() {
        return CuBackend.NAME;
    }

    @Override
    public int priority() {
        return 300;
    }

    @Override
    public Probe probe() {
        return CuProbe.outcome().probe();
    }

    @Override
    public Backend create(BackendConfig config) {
        CuProbe.Outcome o = CuProbe.outcome();
        if (!o.probe().available()) {
            throw new BackendUnavailableException("backend 'cuda' cannot run: " + o.probe().fullReason(), o.probe().cause());
        }
        if (config.device() >= o.deviceCount()) {
            throw new IllegalArgumentException("device index (sparsa.device) " + config.device() + " is out of range: "
                    + o.deviceCount() + " CUDA device(s): " + o.probe().devices());
        }
        GemmChoice gemm = GemmChoice.decide(gemmMode != null ? gemmMode : GemmChoice.requested(), o.cublas());
        CuKernelSizes sizes = CuKernelSizes.fromSources();
        return new CuBackend(new CuDriverDevice(config.device(), o.ptx(), gemm.cublas(), gemm.description()), sizes);
    }
}
