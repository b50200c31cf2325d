package io.sparsa.cpu;

import io.sparsa.backend.Backend;
import io.sparsa.backend.BackendConfig;
import io.sparsa.backend.BackendProvider;
import io.sparsa.backend.Probe;
import io.sparsa.conformance.BackendConformanceKit;
import io.sparsa.cpu.vector.CpuKernelsProvider;

/**
 * The conformance kit against the CPU backend on its scalar kernels, the path a JVM without
 * {@code --add-modules jdk.incubator.vector} (or with {@code -Dsparsa.cpu.vector=false}) takes.
 */
class CpuScalarConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        CpuProvider cpu = new CpuProvider();
        return new BackendProvider() {
            @Override
            public String name() {
                return cpu.name();
            }

            @Override
            public int priority() {
                return cpu.priority();
            }

            @Override
            public Probe probe() {
                return cpu.probe();
            }

            @Override
            public Backend create(BackendConfig config) {
                return new CpuBackend(config, CpuKernelsProvider.choose("false").kernels());
            }
        };
    }
}
