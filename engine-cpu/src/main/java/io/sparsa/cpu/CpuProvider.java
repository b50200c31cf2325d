package io.sparsa.cpu;

import io.sparsa.backend.Backend;
import io.sparsa.backend.BackendConfig;
import io.sparsa.backend.BackendProvider;
import io.sparsa.backend.Probe;
import io.sparsa.cpu.vector.CpuKernelsProvider;

import java.util.List;

/**
 * Provides the {@link CpuBackend}. It can always run; its probe says which kernels are active
 * (Vector API with its width, or scalar and why) and how many threads a default backend uses.
 */
public final class CpuProvider implements BackendProvider {
    @Override
    public String name() {
        return CpuBackend.NAME;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Probe probe() {
        CpuKernelsProvider.Choice choice = CpuKernelsProvider.get();
        int cores = Runtime.getRuntime().availableProcessors();
        String threads = System.getProperty("sparsa.threads");
        return Probe.available(
                List.of("host CPU: " + cores + " core" + (cores == 1 ? "" : "s") + ", " + System.getProperty("os.arch")),
                List.of("kernels: " + choice.summary(),
                        "threads: " + (threads == null || threads.isBlank() ? cores + " (all cores)"
                                : threads.trim() + " (sparsa.threads)"),
                        "vector kernels: " + (choice.kernels().vectorized() ? "active" : "inactive")
                                + " (-D" + CpuKernelsProvider.PROPERTY + "=auto|false)"));
    }

    @Override
    public Backend create(BackendConfig config) {
        return new CpuBackend(config);
    }
}
