package io.sparsa.cpu;

import io.sparsa.backend.Backend;
import io.sparsa.backend.BackendConfig;
import io.sparsa.backend.BackendProvider;
import io.sparsa.backend.Backends;
import io.sparsa.backend.Probe;
import io.sparsa.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discovery, probe and lifecycle of the CPU provider and backend. */
class CpuProviderTest {
    @Test
    void foundByServiceLoaderAndAlwaysAvailable() {
        BackendProvider cpu = Backends.providers().stream().filter(p -> p.name().equals("cpu")).findFirst()
                .orElseThrow(() -> new AssertionError("cpu provider not registered in META-INF/services"));
        assertEquals(100, cpu.priority());
        Probe probe = cpu.probe();
        assertTrue(probe.available());
        assertEquals(1, probe.devices().size());
        String details = String.join("\n", probe.details());
        assertTrue(details.contains("Panama FloatVector") && details.contains("lanes"), details);
        assertTrue(details.contains("threads: "), details);
        assertTrue(details.contains("vector kernels: active"), details);
    }

    @Test
    void configThreadsSizeThePool() {
        try (CpuBackend one = new CpuBackend(new BackendConfig(0, 1));
             CpuBackend three = new CpuBackend(new BackendConfig(0, 3))) {
            assertEquals(1, one.threads());
            assertEquals(3, three.threads());
            assertTrue(three.deviceDescription().contains("3 threads"), three.deviceDescription());
        }
    }

    @Test
    void closedBackendRefusesWorkAndCountsLiveTensors() {
        Backend backend = new CpuProvider().create(new BackendConfig(0, 2));
        Tensor a = backend.zeros(3, 4);
        Tensor b = backend.zeros(4, 5);
        Tensor view = a.reshape(12);
        assertEquals(2, backend.liveAllocations());
        view.close();
        assertEquals(2, backend.liveAllocations(), "closing a view frees nothing");
        b.close();
        b.close();
        assertEquals(1, backend.liveAllocations());
        backend.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> backend.fill(a, 1f));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> backend.zeros(2));
        a.close();
        assertEquals(0, backend.liveAllocations());
    }
}
