package io.sparsa.cuda;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which GEMM path is chosen, and the reason shown to the user. */
class GemmChoiceTest {
    private static final CuBlas.Availability LOADED = new CuBlas.Availability(true, "cuBLAS 12.6.4", null);
    private static final CuBlas.Availability MISSING = new CuBlas.Availability(false,
            "libcublas.so.12 could not be loaded (not found by the dynamic loader)", new UnsatisfiedLinkError());

    @Test
    void autoPrefersCublasAndSaysWhyNot() {
        GemmChoice withBlas = GemmChoice.decide(GemmChoice.Mode.AUTO, LOADED);
        assertTrue(withBlas.cublas());
        assertTrue(withBlas.description().startsWith("cuBLAS 12.6.4"), withBlas.description());
        GemmChoice without = GemmChoice.decide(GemmChoice.Mode.AUTO, MISSING);
        assertFalse(without.cublas());
        assertTrue(without.description().contains("tiled kernel") && without.description().contains("libcublas.so.12"),
                without.description());
    }

    @Test
    void explicitRequestsAreHonouredOrRefused() {
        GemmChoice kernel = GemmChoice.decide(GemmChoice.Mode.KERNEL, LOADED);
        assertFalse(kernel.cublas());
        assertTrue(kernel.description().contains(GemmChoice.PROPERTY + "=kernel"), kernel.description());
        assertTrue(GemmChoice.decide(GemmChoice.Mode.CUBLAS, LOADED).cublas());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GemmChoice.decide(GemmChoice.Mode.CUBLAS, MISSING));
        assertTrue(e.getMessage().contains("libcublas.so.12"), e.getMessage());
    }

    @Test
    void theSystemPropertyIsParsed() {
        String old = System.getProperty(GemmChoice.PROPERTY);
        try {
            System.setProperty(GemmChoice.PROPERTY, " Kernel ");
            assertTrue(GemmChoice.requested() == GemmChoice.Mode.KERNEL);
            System.setProperty(GemmChoice.PROPERTY, "fastest");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, GemmChoice::requested);
            assertTrue(e.getMessage().contains("fastest") && e.getMessage().contains(GemmChoice.PROPERTY), e.getMessage());
            System.clearProperty(GemmChoice.PROPERTY);
            assertTrue(GemmChoice.requested() == GemmChoice.Mode.AUTO);
        } finally {
            if (old == null) {
                System.clearProperty(GemmChoice.PROPERTY);
            } else {
                System.setProperty(GemmChoice.PROPERTY, old);
            }
        }
    }
}
