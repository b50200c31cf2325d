package io.sparsa.cpu.vector;

import io.sparsa.cpu.Close;
import io.sparsa.cpu.KernelSets;
import io.sparsa.cpu.TestRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every primitive of {@link CpuKernels}, the vector implementation against the scalar one and a
 * double-precision expectation, over sizes that hit the vector tails (1, 3, 7, 13, ...).
 */
class CpuKernelsTest {
    private static Random random;
    private static CpuKernels scalar;
    private static CpuKernels vector;

    @BeforeAll
    static void setUp() {
        random = TestRandom.create("CpuKernelsTest");
        scalar = KernelSets.scalar();
        vector = KernelSets.vector();
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {0, 1, 3, 4, 6, 7, 13, 17, 25, 33, 67, 100, 207, 300, 702})
    void dotAxpyAdd(int n) {
        float[] a = TestRandom.floats(random, n + 3);
        float[] b = TestRandom.floats(random, n + 5);
        double expected = 0;
        for (int i = 0; i < n; i++) {
            expected += (double) a[3 + i] * b[5 + i];
        }
        double slack = 1e-6 * Math.sqrt(n + 1);
        assertEquals(expected, scalar.dot(a, 3, b, 5, n), slack + 1e-5 * Math.abs(expected));
        assertEquals(expected, vector.dot(a, 3, b, 5, n), slack + 1e-5 * Math.abs(expected));

        double[] axpy = new double[n + 5];
        double[] add = new double[n + 5];
        for (int i = 0; i < n + 5; i++) {
            axpy[i] = i >= 5 ? b[i] + 0.3 * a[i - 2] : b[i];
            add[i] = i >= 5 ? b[i] + a[i - 2] : b[i];
        }
        for (CpuKernels k : KernelSets.both()) {
            float[] y = b.clone();
            k.axpy(0.3f, a, 3, y, 5, n);
            Close.assertClose(k.description() + " axpy", axpy, y, 1e-6, 1e-6);
            float[] z = b.clone();
            k.add(a, 3, z, 5, n);
            Close.assertClose(k.description() + " add", add, z, 1e-6, 1e-6);
        }
    }

    @ParameterizedTest(name = "kc={0}")
    @ValueSource(ints = {1, 3, 7, 13, 100, 256})
    void gemmTileAppliesBetaAndAddsOneTile(int kc) {
        for (float beta : new float[]{1f, 0f, -0.5f}) {
            for (CpuKernels k : KernelSets.both()) {
                int mr = k.gemmTileRows();
                int nr = k.gemmTileCols();
                int ldc = nr + 3;
                float[] a = TestRandom.floats(random, 2 + kc * mr);
                float[] b = TestRandom.floats(random, 1 + kc * nr);
                float[] c = TestRandom.floats(random, 4 + mr * ldc);
                double[] expected = new double[c.length];
                for (int i = 0; i < c.length; i++) {
                    expected[i] = c[i];
                }
                for (int r = 0; r < mr; r++) {
                    for (int j = 0; j < nr; j++) {
                        double sum = 0;
                        for (int p = 0; p < kc; p++) {
                            sum += (double) a[2 + p * mr + r] * b[1 + p * nr + j];
                        }
                        int at = 4 + r * ldc + j;
                        expected[at] = sum + (beta == 0f ? 0 : (double) beta * c[at]);
                        if (beta == 0f) {
                            // beta == 0 must not read C: NaN there would leak into the result.
                            c[at] = Float.NaN;
                        }
                    }
                }
                k.gemmTile(kc, a, 2, b, 1, beta, c, 4, ldc);
                Close.assertClose(k.description() + " gemmTile beta=" + beta, expected, c, 1e-5 * Math.sqrt(kc),
                        1e-5);
            }
        }
    }

    @Test
    void gemmTileRejectsSliversOutsideTheirArrays() {
        for (CpuKernels k : KernelSets.both()) {
            int mr = k.gemmTileRows();
            int nr = k.gemmTileCols();
            int kc = 5;
            float[] c = new float[mr * nr];
            assertThrows(IndexOutOfBoundsException.class,
                    () -> k.gemmTile(kc, new float[kc * mr - 1], 0, new float[kc * nr], 0, 1f, c, 0, nr));
            assertThrows(IndexOutOfBoundsException.class,
                    () -> k.gemmTile(kc, new float[kc * mr], 0, new float[kc * nr], 1, 1f, c, 0, nr));
        }
    }

    @ParameterizedTest(name = "rows={0} slivers={1}")
    @CsvSource({"1, 1", "3, 2", "7, 5", "13, 1", "256, 3"})
    void packSliversCopiesRowsIntoSlivers(int rows, int slivers) {
        for (CpuKernels k : KernelSets.both()) {
            int nr = k.gemmTileCols();
            int ld = slivers * nr + 5;
            float[] src = TestRandom.floats(random, 3 + rows * ld);
            int stride = rows * nr + 2;
            float[] dst = TestRandom.floats(random, 1 + slivers * stride);
            float[] expected = dst.clone();
            for (int p = 0; p < rows; p++) {
                for (int s = 0; s < slivers; s++) {
                    for (int j = 0; j < nr; j++) {
                        expected[1 + s * stride + p * nr + j] = src[3 + p * ld + s * nr + j];
                    }
                }
            }
            k.packSlivers(src, 3, ld, rows, slivers, dst, 1, stride);
            assertArrayEquals(expected, dst, k.description() + " packSlivers");
        }
    }

    @ParameterizedTest(name = "depth={0} slivers={1}")
    @CsvSource({"1, 1", "3, 2", "7, 5", "13, 1", "256, 3"})
    void transposingPacksReadRowsIntoSlivers(int depth, int slivers) {
        for (CpuKernels k : KernelSets.both()) {
            int ld = depth + 3;
            int stride = depth * 16 + 2;
            for (boolean rowsOfA : new boolean[]{false, true}) {
                int width = rowsOfA ? k.gemmTileRows() : k.gemmTileCols();
                float scale = rowsOfA ? -0.75f : 1f;
                float[] src = TestRandom.floats(random, 2 + slivers * width * ld);
                float[] dst = TestRandom.floats(random, 1 + slivers * stride);
                float[] expected = dst.clone();
                for (int s = 0; s < slivers; s++) {
                    for (int j = 0; j < width; j++) {
                        for (int p = 0; p < depth; p++) {
                            expected[1 + s * stride + p * width + j] = scale * src[2 + (s * width + j) * ld + p];
                        }
                    }
                }
                if (rowsOfA) {
                    k.packRowSlivers(scale, src, 2, ld, depth, slivers, dst, 1, stride);
                } else {
                    k.packSliversTransposed(src, 2, ld, depth, slivers, dst, 1, stride);
                }
                assertArrayEquals(expected, dst,
                        k.description() + (rowsOfA ? " packRowSlivers" : " packSliversTransposed"));
            }
        }
    }

    @ParameterizedTest(name = "width={0}")
    @ValueSource(ints = {1, 3, 7, 8, 13, 17, 32, 33, 64, 67, 100, 207})
    void sparseRowKernels(int width) {
        int rows = 37;
        int ldx = width + 5;
        float[] x = TestRandom.floats(random, 3 + rows * ldx);
        int entries = 11;
        int[] index = new int[entries + 2];
        float[] values = TestRandom.floats(random, entries + 2);
        for (int e = 0; e < index.length; e++) {
            index[e] = random.nextInt(rows);
        }
        float init = 0.25f;
        double[] expected = new double[width + 2];
        for (int p = 0; p < width; p++) {
            double sum = init;
            for (int e = 1; e < 1 + entries; e++) {
                sum += (double) values[e] * x[3 + index[e] * ldx + p];
            }
            expected[2 + p] = sum;
        }
        float[] row = TestRandom.floats(random, width + 1);
        double[] dots = new double[entries + 1];
        for (int e = 1; e < 1 + entries; e++) {
            double sum = 0.5;
            for (int p = 0; p < width; p++) {
                sum += (double) row[1 + p] * x[3 + index[e] * ldx + p];
            }
            dots[e] = sum;
        }
        for (CpuKernels k : KernelSets.both()) {
            float[] y = new float[width + 2];
            k.sparseRowTimesDense(values, index, 1, 1 + entries, x, 3, ldx, width, init, y, 2);
            Close.assertClose(k.description() + " sparseRowTimesDense", expected, y, 1e-5, 1e-5);
            float[] out = new float[entries + 1];
            Arrays.fill(out, 1, entries + 1, 0.5f);
            k.sparseRowDots(index, 1, 1 + entries, x, 3, ldx, width, row, 1, out, 1);
            Close.assertClose(k.description() + " sparseRowDots", dots, out, 1e-5 * Math.sqrt(width), 1e-5);
        }
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 3, 7, 13, 17, 33, 67, 100, 207, 300})
    void partitionKeysMatchesScalar(int n) {
        int[] keys = new int[n + 1];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = random.nextInt(21) - 10;
        }
        for (int[] bounds : new int[][]{{-3, 4}, {0, 0}, {Integer.MIN_VALUE, 2}, {5, Integer.MAX_VALUE}, {7, 3}}) {
            int[] posS = new int[n + CpuKernels.POSITION_SLACK];
            int[] posV = new int[n + CpuKernels.POSITION_SLACK];
            long s = scalar.partitionKeys(keys, 1, n, bounds[0], bounds[1], posS);
            long v = vector.partitionKeys(keys, 1, n, bounds[0], bounds[1], posV);
            assertEquals(s, v, "bounds " + Arrays.toString(bounds));
            int count = (int) s;
            assertArrayEquals(Arrays.copyOf(posS, count), Arrays.copyOf(posV, count));
            long above = 0;
            int[] expected = new int[n];
            int found = 0;
            for (int i = 0; i < n; i++) {
                int key = keys[1 + i];
                above += key > bounds[1] ? 1 : 0;
                if (key <= bounds[1] && key >= bounds[0]) {
                    expected[found++] = i;
                }
            }
            assertEquals(above << 32 | found, s);
            assertArrayEquals(Arrays.copyOf(expected, found), Arrays.copyOf(posS, count));
        }
    }
}
