package io.sparsa.backend;

import io.sparsa.reference.ReferenceBackend;
import io.sparsa.reference.ReferenceProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Backend selection with fake providers: auto, by name, unknown names, the system property. */
class BackendsSelectionTest {

    /** A provider whose probe answers what it was built with; create() makes a reference backend. */
    private record FakeProvider(String name, int priority, Probe probe) implements BackendProvider {
        static FakeProvider available(String name, int priority) {
            return new FakeProvider(name, priority, Probe.available(List.of(name + " device"), List.of()));
        }

        static FakeProvider unavailable(String name, int priority, String reason, Throwable cause) {
            return new FakeProvider(name, priority, Probe.unavailable(reason, cause));
        }

        @Override
        public Backend create(BackendConfig config) {
            if (!probe.available()) {
                throw new BackendUnavailableException(name + ": " + probe.fullReason(), probe.cause());
            }
            return new ReferenceBackend();
        }
    }

    private final List<BackendProvider> fakes = List.of(
            FakeProvider.available("cpu", 100),
            FakeProvider.unavailable("cuda", 300, "no CUDA driver", new UnsatisfiedLinkError("libcuda.so.1: not found")),
            FakeProvider.unavailable("opencl", 200, "no OpenCL platform", null),
            FakeProvider.available("reference", 0));

    private String savedProperty;

    @BeforeEach
    void saveProperty() {
        savedProperty = System.getProperty(Backends.PROPERTY);
    }

    @AfterEach
    void restoreProperty() {
        if (savedProperty == null) {
            System.clearProperty(Backends.PROPERTY);
        } else {
            System.setProperty(Backends.PROPERTY, savedProperty);
        }
    }

    @Test
    void autoPicksTheAvailableProviderOfHighestPriorityAndListsTheSkipped() {
        Backends.Selection s = Backends.select("auto", fakes);
        assertEquals("cpu", s.provider().name());
        assertEquals(List.of("cuda", "opencl"), s.skipped().stream().map(Backends.Skipped::name).toList(),
                "skipped in priority order");
        assertEquals("no CUDA driver (UnsatisfiedLinkError: libcuda.so.1: not found)", s.skipped().get(0).reason());
        assertEquals("no OpenCL platform", s.skipped().get(1).reason());
        assertTrue(s.summary().contains("cpu") && s.summary().contains("skipped cuda: no CUDA driver"), s.summary());
        assertEquals("cpu", Backends.select(null, fakes).provider().name(), "null means auto");
        assertEquals("cpu", Backends.select("  AUTO ", fakes).provider().name(), "trimmed, case-insensitive");
    }

    @Test
    void aNamedProviderIsUsedEvenWithLowerPriority() {
        Backends.Selection s = Backends.select("Reference", fakes);
        assertEquals("reference", s.provider().name());
        assertTrue(s.skipped().isEmpty());
        try (Backend b = s.create(new BackendConfig(0, 1))) {
            assertInstanceOf(ReferenceBackend.class, b);
        }
    }

    @Test
    void aNamedUnavailableProviderFailsWithItsReason() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> Backends.select("cuda", fakes));
        assertTrue(e.getMessage().contains("'cuda'") && e.getMessage().contains("no CUDA driver")
                && e.getMessage().contains("libcuda.so.1"), e.getMessage());
        assertInstanceOf(UnsatisfiedLinkError.class, e.getCause());
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.select("tpu", fakes));
        assertTrue(e.getMessage().contains("'tpu'"), e.getMessage());
        for (String known : List.of("auto", "cuda", "opencl", "cpu", "reference")) {
            assertTrue(e.getMessage().contains(known), () -> "lists " + known + ": " + e.getMessage());
        }
    }

    @Test
    void autoFailsWhenNothingCanRun() {
        List<BackendProvider> none = List.of(FakeProvider.unavailable("cuda", 300, "no driver", null),
                FakeProvider.unavailable("opencl", 200, "no platform", null));
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> Backends.select("auto", none));
        assertTrue(e.getMessage().contains("cuda: no driver") && e.getMessage().contains("opencl: no platform"),
                e.getMessage());
    }

    @Test
    void theSystemPropertyOverridesTheRequest() {
        System.setProperty(Backends.PROPERTY, " Reference ");
        assertEquals("reference", Backends.requested());
        Backends.Selection s = Backends.select();
        assertEquals("reference", s.provider().name());
        try (Backend b = Backends.create()) {
            assertEquals("reference", b.name());
        }
        System.setProperty(Backends.PROPERTY, "no-such-backend");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Backends::select);
        assertTrue(e.getMessage().contains("no-such-backend") && e.getMessage().contains("reference"), e.getMessage());
    }

    @Test
    void theServiceLoaderFindsTheReferenceProvider() {
        List<BackendProvider> found = Backends.providers();
        assertTrue(found.stream().anyMatch(p -> p instanceof ReferenceProvider), "providers: " + found);
        ReferenceProvider rp = new ReferenceProvider();
        assertEquals("reference", rp.name());
        assertEquals(0, rp.priority());
        assertTrue(rp.probe().available());
        assertEquals("available", rp.probe().fullReason());
        for (int i = 1; i < found.size(); i++) {
            assertTrue(found.get(i - 1).priority() >= found.get(i).priority(), "sorted by priority: " + found);
        }
    }

    @Test
    void probeFullReasonAddsTheCauseOnce() {
        assertEquals("no driver", Probe.unavailable("no driver", null).fullReason());
        assertEquals("no driver (IllegalStateException: boom)",
                Probe.unavailable("no driver", new IllegalStateException("boom")).fullReason());
        assertEquals("failed: boom", Probe.unavailable("failed: boom", new IllegalStateException("boom")).fullReason(),
                "a cause already quoted in the reason is not repeated");
        assertEquals("no driver (UnsatisfiedLinkError)",
                Probe.unavailable("no driver", new UnsatisfiedLinkError()).fullReason());
        Probe ok = Probe.available(List.of("dev0"), List.of("note"));
        assertEquals("available", ok.fullReason());
        assertSame(null, ok.reason());
    }
}
