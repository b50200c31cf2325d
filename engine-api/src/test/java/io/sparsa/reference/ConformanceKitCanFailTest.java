package io.sparsa.reference;

import io.sparsa.conformance.Comparison;
import io.sparsa.conformance.Outputs;
import io.sparsa.conformance.TestData;
import io.sparsa.conformance.Tolerance;
import io.sparsa.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves the kit's comparison path reports real differences: backends that are wrong by a small
 * amount in one element must be caught, with the element's position in the report.
 */
class ConformanceKitCanFailTest {

    /** Correct except that gemm adds 1e-2 to element [1, 2] of C. */
    static final class OffByOneHundredthGemm extends ReferenceBackend {
        @Override
        public String name() {
            return "broken-gemm";
        }

        @Override
        public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
            super.gemm(transA, transB, alpha, a, b, beta, c);
            float[] values = c.toFloatArray();
            values[c.dim(1) + 2] += 1e-2f;
            c.copyFrom(values);
        }
    }

    /** Correct except that k-winners reports the last winner one position too far (when it can). */
    static final class ShiftedWinner extends ReferenceBackend {
        @Override
        public void kWinners(Tensor x, Tensor boost, int k, Tensor out, Tensor indices) {
            super.kWinners(x, boost, k, out, indices);
            int[] idx = indices.toIntArray();
            idx[idx.length - 1] += 1;
            indices.copyFrom(idx);
        }
    }

    private static final TestData DATA = new TestData(TestData.seedFromProperties(
            "kit-can-fail (the MISMATCH lines it prints are expected: it breaks backends on purpose)"));
    private final TestData data = DATA;

    @Test
    void aGemmOffByOneHundredthInOneElementIsReported() {
        int m = 7;
        int n = 13;
        int k = 33;
        float[] a = data.signed(m * k);
        float[] b = data.signed(k * n);
        try (ReferenceBackend broken = new OffByOneHundredthGemm(); ReferenceBackend ref = new ReferenceBackend()) {
            Comparison comparison = new Comparison(broken, ref);
            List<Tolerance.Report> reports = comparison.run("gemm 7x13x33", Tolerance.DEFAULT.forReduction(k), s -> {
                Tensor c = s.zeros(m, n);
                s.backend().gemm(false, false, 1f, s.floats(a, m, k), s.floats(b, k, n), 0f, c);
                return Outputs.of("c", c);
            });
            assertEquals(1, reports.size());
            Tolerance.Report r = reports.get(0);
            assertFalse(r.ok(), r.describe());
            assertEquals(1, r.mismatches(), r.describe());
            assertEquals(m * n, r.checked());
            assertTrue(r.describe().contains("at " + (n + 2) + " [1, 2]"), r.describe());
            assertTrue(Math.abs(r.maxError() - 1e-2) < 1e-4, r.describe());
            AssertionError e = assertThrows(AssertionError.class, r::assertOk);
            assertTrue(e.getMessage().contains("1 of 91 elements differ"), e.getMessage());

            // The same comparison against a correct backend passes, so the failure above is the bug's.
            Comparison fair = new Comparison(new ReferenceBackend(), ref);
            fair.check("gemm 7x13x33 (correct)", Tolerance.DEFAULT.forReduction(k), s -> {
                Tensor c = s.zeros(m, n);
                s.backend().gemm(false, false, 1f, s.floats(a, m, k), s.floats(b, k, n), 0f, c);
                return Outputs.of("c", c);
            });
        }
    }

    @Test
    void aWrongWinnerIndexIsReportedExactly() {
        float[] x = data.distinctRows(3, 17);
        try (ReferenceBackend broken = new ShiftedWinner(); ReferenceBackend ref = new ReferenceBackend()) {
            AssertionError e = assertThrows(AssertionError.class, () -> new Comparison(broken, ref)
                    .check("kWinners 3x17 k=4", Tolerance.EXACT, s -> {
                        Tensor out = s.zeros(3, 17);
                        Tensor idx = s.intZeros(3, 4);
                        s.backend().kWinners(s.floats(x, 3, 17), null, 4, out, idx);
                        return Outputs.of("indices", idx);
                    }));
            assertTrue(e.getMessage().contains("1 of 12 elements differ"), e.getMessage());
            assertTrue(e.getMessage().contains("at 11 [2, 3]"), e.getMessage());
        }
    }

    @Test
    void toleranceListsTenMismatchesAndCountsTheRest() {
        float[] expected = new float[25];
        float[] actual = new float[25];
        for (int i = 0; i < 25; i++) {
            expected[i] = i;
            actual[i] = i + 1;
        }
        Tolerance.Report r = Tolerance.DEFAULT.compare("shifted", expected, actual);
        assertEquals(25, r.mismatches());
        assertEquals(Tolerance.MAX_LISTED, r.listed().size());
        assertTrue(r.describe().contains("and 15 more"), r.describe());
    }

    @Test
    void nanAndInfinityMustMatchExactly() {
        Tolerance t = new Tolerance(1, 1);
        assertTrue(t.accepts(Float.NaN, Float.NaN));
        assertFalse(t.accepts(Float.NaN, 0));
        assertFalse(t.accepts(0, Float.NaN), "NaN from the backend where the reference has a number");
        assertTrue(t.accepts(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));
        assertFalse(t.accepts(Double.POSITIVE_INFINITY, 1e30));
        assertTrue(t.accepts(10, 20.5), "abs 1 + rel 1 * 10 = 11 allows a difference of 10.5");
        assertFalse(t.accepts(10, 21.5));
        assertFalse(Tolerance.EXACT.accepts(1f, Math.nextUp(1f)));
        assertThrows(IllegalArgumentException.class, () -> new Tolerance(-1, 0));
    }
}
