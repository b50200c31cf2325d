package io.sparsa.cuda;

import io.sparsa.kernels.CudaPtx;
import io.sparsa.kernels.KernelSources;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PTX the backend loads defines every kernel the backend launches, so a renamed or removed
 * kernel fails here, on every machine, instead of at the first launch on a GPU.
 */
class PtxEntriesTest {
    private static final PtxImage PTX = PtxImage.parse(CudaPtx.PTX_RESOURCE, CudaPtx.ptx());

    @Test
    void everyLaunchedKernelIsAnEntryOfTheShippedPtx() {
        List<String> missing = CuProbe.missingKernels(PTX);
        assertTrue(missing.isEmpty(), "kernels the CUDA backend launches but " + CudaPtx.PTX_RESOURCE + " lacks: "
                + missing + " (entries: " + PTX.entries() + ")");
    }

    @Test
    void theBackendLaunchesExactlyTheKernelsOfTheSharedSources() {
        List<String> defined = new ArrayList<>();
        for (String unit : KernelSources.UNITS) {
            defined.addAll(KernelSources.kernelNames(unit));
        }
        for (CuKernel k : CuKernel.values()) {
            assertTrue(defined.contains(k.entry()), k.entry() + " is not a KERNEL of any unit in " + KernelSources.UNITS);
        }
        TreeSet<String> unused = new TreeSet<>(defined);
        for (CuKernel k : CuKernel.values()) {
            unused.remove(k.entry());
        }
        // The sources are shared: a kernel added there (or a primitive split into more kernels) is
        // meant for both backends, so the CUDA backend must follow.
        assertTrue(unused.isEmpty(), "kernels in the shared sources that the CUDA backend never launches: " + unused
                + " (add them to CuKernel and launch them as the kernels' comments describe)");
    }

    @Test
    void ptxHeaderIsWhatTheProbeExpects() {
        assertTrue(PTX.targetComputeCapability() >= 50, "target " + PTX.target());
        assertTrue(PTX.isa().compareTo(new PtxIsa(6, 0)) >= 0, "ISA " + PTX.isa());
        assertEquals(CudaPtx.isaVersion(PTX.text()), PTX.isa().toString());
        assertFalse(PTX.entries().isEmpty());
    }

    @Test
    void launchGeometryComesFromTheKernelDefaults() {
        CuKernelSizes s = CuKernelSizes.fromSources();
        assertEquals(0, s.wg() & (s.wg() - 1), "WG must be a power of two, got " + s.wg());
        assertTrue(s.wg() >= 32 && s.wg() <= 1024, "WG " + s.wg());
        assertTrue(s.tileThreads() <= 1024, "a CUDA block holds at most 1024 threads, tiles use " + s.tileThreads());
        assertEquals(0, s.kwLocalMax() % s.wg(), "KW_LOCAL_MAX must be a multiple of WG");
        CuKernelSizes parsed = CuKernelSizes.parse("#define WG 128\n#define TILE_DIM 8\n#define TILE_MICRO 2\n"
                + "#define TILE_K 8\n#define KW_LOCAL_MAX 1024\n");
        assertEquals(new CuKernelSizes(128, 64, 16, 8, 1024), parsed);
        assertEquals(2, parsed.tiles(17));
        assertEquals(1, parsed.tiles(16));
    }
}
