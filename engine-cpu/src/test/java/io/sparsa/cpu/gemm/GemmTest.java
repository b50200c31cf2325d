package io.sparsa.cpu.gemm;

import io.sparsa.cpu.Close;
import io.sparsa.cpu.KernelSets;
import io.sparsa.cpu.TestRandom;
import io.sparsa.cpu.parallel.CpuThreadPool;
import io.sparsa.cpu.vector.CpuKernels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The blocked GEMM, scalar and vector micro-kernels, every transpose, odd sizes, one and two threads. */
class GemmTest {
    private static final int[][] SIZES = {
            {1, 1, 1}, {3, 7, 13}, {13, 17, 3}, {17, 33, 67}, {33, 1, 100}, {1, 67, 207}, {100, 13, 1},
            {67, 100, 33}, {207, 66, 300}, {150, 35, 257}, {7, 3100, 5}, {300, 207, 17}, {3, 3100, 200},
            // Wider than a B panel (NC = 3072) and deeper than two K slices (KC = 256); split along N.
            {13, 3100, 530}, {65, 701, 515},
    };

    private static Random random;
    private static CpuThreadPool one;
    private static CpuThreadPool two;

    @BeforeAll
    static void setUp() {
        random = TestRandom.create("GemmTest");
        one = new CpuThreadPool(1);
        two = new CpuThreadPool(2);
    }

    @AfterAll
    static void tearDown() {
        one.close();
        two.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int[] s : SIZES) {
            for (int t = 0; t < 4; t++) {
                out.add(Arguments.of(s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4}")
    @MethodSource("cases")
    void matchesDoubleReference(int m, int n, int k, boolean transA, boolean transB) {
        float[] a = TestRandom.floats(random, m * k);
        float[] b = TestRandom.floats(random, k * n);
        float[] c0 = TestRandom.floats(random, m * n);
        float alpha = 0.75f;
        float beta = -0.5f;
        double[] expected = reference(transA, transB, m, n, k, alpha, a, b, beta, c0);
        for (CpuKernels kernels : KernelSets.both()) {
            for (CpuThreadPool pool : List.of(one, two)) {
                float[] c = c0.clone();
                new Gemm(kernels).multiply(pool, transA, transB, m, n, k, alpha, a, 0, transA ? m : k, b, 0,
                        transB ? k : n, beta, c, 0, n);
                Close.assertClose(kernels.description() + " threads=" + pool.threads(), expected, c,
                        1e-5 * Math.sqrt(k) + 1e-6, 1e-4);
            }
        }
    }

    @Test
    void betaZeroIgnoresNaNInC() {
        int m = 13;
        int n = 17;
        int k = 7;
        float[] a = TestRandom.floats(random, m * k);
        float[] b = TestRandom.floats(random, k * n);
        double[] expected = reference(false, false, m, n, k, 1f, a, b, 0f, new float[m * n]);
        for (CpuKernels kernels : KernelSets.both()) {
            float[] c = new float[m * n];
            Arrays.fill(c, Float.NaN);
            new Gemm(kernels).multiply(two, false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
            for (float v : c) {
                assertFalse(Float.isNaN(v), kernels.description() + ": NaN leaked from C with beta == 0");
            }
            Close.assertClose(kernels.description(), expected, c, 1e-5, 1e-4);
        }
    }

    @Test
    void zeroDepthScalesC() {
        float[] c = {1f, -2f, 3f, 4f, 5f, 6f};
        for (CpuKernels kernels : KernelSets.both()) {
            float[] out = c.clone();
            new Gemm(kernels).multiply(two, false, false, 2, 3, 0, 1f, new float[0], 0, 0, new float[0], 0, 3, 2f, out,
                    0, 3);
            assertEquals(2f, out[0]);
            assertEquals(-4f, out[1]);
            assertEquals(12f, out[5]);
        }
    }

    /**
     * beta == 0 never reads C (NaN there must not leak) and beta == 1 accumulates, through every K
     * slice and both thread splits (along N when m < n, along M otherwise), with ragged edges.
     */
    @ParameterizedTest(name = "m={0} n={1} k={2} beta={3}")
    @CsvSource({"67, 130, 520, 0", "67, 130, 520, 1", "150, 37, 300, 0", "150, 37, 300, 1", "20, 3090, 9, 0",
            "301, 23, 257, 1"})
    void betaZeroAndOneThroughEverySlice(int m, int n, int k, float beta) {
        float alpha = 1.25f;
        for (int t = 0; t < 4; t++) {
            boolean transA = (t & 1) != 0;
            boolean transB = (t & 2) != 0;
            float[] a = TestRandom.floats(random, m * k);
            float[] b = TestRandom.floats(random, k * n);
            float[] c0 = TestRandom.floats(random, m * n);
            double[] expected = reference(transA, transB, m, n, k, alpha, a, b, beta, c0);
            if (beta == 0f) {
                Arrays.fill(c0, Float.NaN);
            }
            for (CpuKernels kernels : KernelSets.both()) {
                for (CpuThreadPool pool : List.of(one, two)) {
                    float[] c = c0.clone();
                    new Gemm(kernels).multiply(pool, transA, transB, m, n, k, alpha, a, 0, transA ? m : k, b, 0,
                            transB ? k : n, beta, c, 0, n);
                    Close.assertClose(kernels.description() + " threads=" + pool.threads() + " transA=" + transA
                            + " transB=" + transB, expected, c, 1e-5 * Math.sqrt(k) + 1e-6, 1e-4);
                }
            }
        }
    }

    /** A sub-matrix of a larger array: offsets and leading dimensions are honoured, neighbours untouched. */
    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @CsvSource({"19, 23, 29", "41, 17, 400", "13, 40, 700"})
    void slicesWithLeadingDimensions(int m, int n, int k) {
        int lda = k + 5;
        int ldb = n + 3;
        int ldc = n + 7;
        float[] a = TestRandom.floats(random, 4 + m * lda);
        float[] b = TestRandom.floats(random, 2 + k * ldb);
        float[] c = TestRandom.floats(random, 1 + m * ldc);
        for (CpuKernels kernels : KernelSets.both()) {
            float[] out = c.clone();
            new Gemm(kernels).multiply(two, false, false, m, n, k, 1f, a, 4, lda, b, 2, ldb, 0f, out, 1, ldc);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < ldc; j++) {
                    int at = 1 + i * ldc + j;
                    if (j >= n) {
                        assertEquals(c[at], out[at], "padding column touched at " + at);
                        continue;
                    }
                    double sum = 0;
                    for (int p = 0; p < k; p++) {
                        sum += (double) a[4 + i * lda + p] * b[2 + p * ldb + j];
                    }
                    assertEquals(sum, out[at], 1e-4, kernels.description() + " at (" + i + ", " + j + ")");
                }
            }
            assertEquals(c[0], out[0]);
        }
    }

    static double[] reference(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, float[] b,
                              float beta, float[] c) {
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[p * m + i] : a[i * k + p];
                    float bv = transB ? b[j * k + p] : b[p * n + j];
                    sum += (double) av * bv;
                }
                out[i * n + j] = alpha * sum + (beta == 0 ? 0 : (double) beta * c[i * n + j]);
            }
        }
        return out;
    }
}
