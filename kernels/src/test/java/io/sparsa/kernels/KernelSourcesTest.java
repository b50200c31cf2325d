package io.sparsa.kernels;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelSourcesTest {
    @Test
    void kernelNamesAreUniqueAcrossUnits() {
        Set<String> seen = new HashSet<>();
        for (String unit : KernelSources.UNITS) {
            List<String> names = KernelSources.kernelNames(unit);
            assertFalse(names.isEmpty(), "unit " + unit + " defines no kernel");
            for (String name : names) {
                assertTrue(seen.add(name), "kernel " + name + " is defined twice");
                assertEquals(unit, KernelSources.unitOf(name));
            }
        }
    }

    @Test
    void assemblyPutsPreludeAndCommonFirstWithLineMarkers() {
        for (Dialect d : Dialect.values()) {
            String src = KernelSources.assemble(d, "sgd");
            assertTrue(src.startsWith("#line 1 \"" + d.prelude() + "\"\n"), d + ": " + src.substring(0, 40));
            int common = src.indexOf("#line 1 \"common.cl\"");
            int unit = src.indexOf("#line 1 \"sgd.cl\"");
            assertTrue(common > 0 && unit > common, "order prelude, common, unit");
            assertFalse(src.contains("#line 1 \"gemm.cl\""), "only the requested unit");
        }
        assertTrue(KernelSources.assemble(Dialect.CUDA).contains("#line 1 \"kwinners.cl\""), "no units = all units");
    }

    @Test
    void everyKernelIsAnUnmangledPtxEntry() {
        String ptx = CudaPtx.ptx();
        for (String unit : KernelSources.UNITS) {
            for (String name : KernelSources.kernelNames(unit)) {
                assertTrue(ptx.contains(".entry " + name + "("), "PTX lacks entry '" + name + "' (extern \"C\"?)");
            }
        }
        assertTrue(CudaPtx.isaVersion(ptx).matches("\\d+\\.\\d+"));
    }

    @Test
    void theReadmeDocumentsEveryKernel() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        for (String unit : KernelSources.UNITS) {
            for (String name : KernelSources.kernelNames(unit)) {
                assertTrue(readme.contains("| `" + name + "` |"), "README.md lacks a table row for kernel " + name);
            }
        }
    }

    @Test
    void unknownNamesAreRejectedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelSources.assemble(Dialect.OPENCL, "nope"));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("kwinners"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> KernelSources.unitOf("no_such_kernel"));
        assertTrue(e.getMessage().contains("no_such_kernel"), e.getMessage());
    }
}
