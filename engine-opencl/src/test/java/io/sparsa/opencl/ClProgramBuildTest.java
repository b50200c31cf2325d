package io.sparsa.opencl;

import io.sparsa.backend.BackendConfig;
import io.sparsa.kernels.Dialect;
import io.sparsa.kernels.KernelSources;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Programs are compiled once per context; a compile error reports the compiler's log. */
class ClProgramBuildTest {
    @Test
    void aBrokenKernelFailsWithTheCompilerLog() {
        ClProvider provider = ClTestSupport.providerOrSkip("OpenCL program build test");
        try (ClBackend backend = (ClBackend) provider.create(new BackendConfig(0, 1))) {
            String broken = KernelSources.assemble(Dialect.OPENCL, "sgd")
                    + "KERNEL broken_kernel(GLOBAL float* x) { x[GID_X] = sparsa_undeclared_symbol; }\n";
            ClBuildException e = assertThrows(ClBuildException.class,
                    () -> backend.context().buildProgram("broken", broken, backend.tuning().buildOptions()));
            assertTrue(e.log().contains("sparsa_undeclared_symbol"), "log names the bad identifier: " + e.log());
            assertTrue(e.getMessage().contains("broken") && e.getMessage().contains(e.log()), e.getMessage());
            assertTrue(e.getMessage().contains("compiler log"), e.getMessage());
        }
    }

    @Test
    void kernelsAreBuiltOnceAndCached() {
        ClProvider provider = ClTestSupport.providerOrSkip("OpenCL program build test");
        try (ClBackend backend = (ClBackend) provider.create(new BackendConfig(0, 1))) {
            long first = backend.context().kernel("relu");
            assertEquals(first, backend.context().kernel("relu"));
            assertEquals(first, backend.context().kernel("relu"), "same handle, no rebuild");
        }
    }
}
