package io.sparsa.bench.blas;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The row-major adapter over column-major sgemm, against a plain triple loop, for every transpose. */
class BlasBaselineTest {
    @Test
    void rowMajorSgemmMatchesTheDefinition() {
        long seed = 7L;
        System.out.println("BlasBaselineTest seed " + seed + ", BLAS " + BlasBaseline.describe().summary());
        SplittableRandom random = new SplittableRandom(seed);
        int m = 7;
        int n = 13;
        int k = 5;
        for (boolean ta : new boolean[]{false, true}) {
            for (boolean tb : new boolean[]{false, true}) {
                float[] a = new float[m * k];
                float[] b = new float[k * n];
                float[] c = new float[m * n];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) random.nextDouble(-1, 1);
                }
                for (int i = 0; i < b.length; i++) {
                    b[i] = (float) random.nextDouble(-1, 1);
                }
                for (int i = 0; i < c.length; i++) {
                    c[i] = (float) random.nextDouble(-1, 1);
                }
                float[] expected = c.clone();
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double s = 0;
                        for (int p = 0; p < k; p++) {
                            double av = ta ? a[p * m + i] : a[i * k + p];
                            double bv = tb ? b[j * k + p] : b[p * n + j];
                            s += av * bv;
                        }
                        expected[i * n + j] = (float) (1.5 * s + 0.5 * expected[i * n + j]);
                    }
                }
                BlasBaseline.sgemmRowMajor(BlasBaseline.blas(), ta, tb, m, n, k, 1.5f, a, b, 0.5f, c);
                for (int i = 0; i < c.length; i++) {
                    assertEquals(expected[i], c[i], 1e-5, "transA=" + ta + " transB=" + tb + " element " + i);
                }
            }
        }
        assertNotNull(BlasBaseline.describe().implementation());
    }
}
