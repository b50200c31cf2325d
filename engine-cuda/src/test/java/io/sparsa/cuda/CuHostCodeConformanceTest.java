package io.sparsa.cuda;

import io.sparsa.backend.Backend;
import io.sparsa.backend.BackendConfig;
import io.sparsa.backend.BackendProvider;
import io.sparsa.backend.Probe;
import io.sparsa.conformance.BackendConformanceKit;

import java.util.List;

/**
 * The conformance kit against the CUDA backend's host code running on {@link ClEmulatedDevice}:
 * the same operations, launches and scratch handling as on a GPU, with the shared kernels
 * compiled as OpenCL. This is what keeps the CUDA backend's own logic tested on machines without
 * an NVIDIA GPU; it skips, with the reason printed, where no OpenCL device exists either.
 */
class CuHostCodeConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new BackendProvider() {
            @Override
            public String name() {
                return CuBackend.NAME;
            }

            @Override
            public int priority() {
                return 0;
            }

            @Override
            public Probe probe() {
                String reason = ClEmulatedDevice.unavailableReason();
                return reason == null
                        ? Probe.available(List.of("OpenCL emulation of a CUDA device"), List.of())
                        : Probe.unavailable("the OpenCL emulation of the CUDA device cannot run: " + reason, null);
            }

            @Override
            public Backend create(BackendConfig config) {
                return new CuBackend(new ClEmulatedDevice(), CuKernelSizes.fromSources());
            }
        };
    }
}
