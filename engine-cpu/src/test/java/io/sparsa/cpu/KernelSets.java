package io.sparsa.cpu;

import io.sparsa.cpu.vector.CpuKernels;
import io.sparsa.cpu.vector.CpuKernelsProvider;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two kernel implementations, for tests that run every kernel on both. */
public final class KernelSets {
    private KernelSets() {
    }

    /** The Vector API kernels; the test JVM runs with --add-modules, so they must be available. */
    public static CpuKernels vector() {
        CpuKernelsProvider.Choice choice = CpuKernelsProvider.choose("auto");
        assertTrue(choice.kernels().vectorized(), "the test JVM should have the vector kernels: " + choice.summary());
        return choice.kernels();
    }

    public static CpuKernels scalar() {
        return CpuKernelsProvider.scalar();
    }

    public static List<CpuKernels> both() {
        return List.of(scalar(), vector());
    }
}
