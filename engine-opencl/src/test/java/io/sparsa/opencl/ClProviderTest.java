package io.sparsa.opencl;

import io.sparsa.backend.BackendConfig;
import io.sparsa.backend.BackendProvider;
import io.sparsa.backend.Backends;
import io.sparsa.backend.Probe;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClProviderTest {
    @Test
    void registeredAsAServiceWithItsNameAndPriority() {
        List<BackendProvider> providers = Backends.providers();
        BackendProvider p = providers.stream().filter(x -> x.name().equals("opencl")).findFirst().orElseThrow();
        assertTrue(p instanceof ClProvider);
        boolean gpuLike = p.probe().available() && p.probe().devices().stream()
                .anyMatch(line -> line.contains(": GPU ") || line.contains(": accelerator "));
        // between cuda (300) and cpu (100) with a GPU; below cpu when OpenCL only reaches the CPU
        assertEquals(gpuLike || !p.probe().available() ? ClProvider.PRIORITY : ClProvider.CPU_ONLY_PRIORITY,
                p.priority());
    }

    @Test
    void probeListsDevicesInPreferenceOrder() {
        ClProvider provider = ClTestSupport.providerOrSkip("OpenCL provider test");
        Probe probe = provider.probe();
        assertFalse(probe.devices().isEmpty());
        int lastRank = -1;
        for (String line : probe.devices()) {
            int rank = line.contains(": GPU ") ? 0 : line.contains(": accelerator ") ? 1 : line.contains(": CPU ") ? 2 : 3;
            assertTrue(rank >= lastRank, "GPU, accelerator, CPU order: " + probe.devices());
            lastRank = rank;
        }
        assertTrue(probe.details().stream().anyMatch(d -> d.startsWith("library: ")), probe.details().toString());
        assertTrue(probe == provider.probe(), "the probe result is cached");
    }

    @Test
    void anOutOfRangeDeviceIndexIsRejectedWithTheDeviceList() {
        ClProvider provider = ClTestSupport.providerOrSkip("OpenCL provider test");
        int count = provider.probe().devices().size();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> provider.create(new BackendConfig(count, 1)));
        assertTrue(e.getMessage().contains("sparsa.device") && e.getMessage().contains(String.valueOf(count)),
                e.getMessage());
    }

    @Test
    void tuningShrinksToTheDeviceLimits() {
        // A GPU with 48 KiB of local memory gets the sizes the PTX is compiled with.
        assertEquals(KernelTuning.DEFAULT, KernelTuning.forDevice(1024, 48 * 1024));
        // A CPU runtime (PoCL: 512 KiB) keeps longer k-winners rows in one work-group.
        assertEquals(new KernelTuning(256, 16, KernelTuning.KW_LOCAL_CAP), KernelTuning.forDevice(4096, 512 * 1024));
        KernelTuning small = KernelTuning.forDevice(64, 8 * 1024);
        assertEquals(64, small.workGroup());
        assertEquals(8, small.tileDim(), "8 x 8 work-items per tile");
        assertTrue(4L * small.kwLocalMax() + 1024 + 4L * 64 <= 4 * 1024, "k-winners buffers take half of local memory");
        assertEquals(512, small.kwLocalMax());
        assertEquals("-D WG=64 -D TILE_DIM=8 -D KW_LOCAL_MAX=512", small.buildOptions());
    }
}
