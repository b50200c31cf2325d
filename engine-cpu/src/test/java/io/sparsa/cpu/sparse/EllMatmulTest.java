package io.sparsa.cpu.sparse;

import io.sparsa.backend.ops.EllMatrix;
import io.sparsa.cpu.Close;
import io.sparsa.cpu.KernelSets;
import io.sparsa.cpu.TestRandom;
import io.sparsa.cpu.parallel.CpuThreadPool;
import io.sparsa.cpu.vector.CpuKernels;
import io.sparsa.reference.ReferenceBackend;
import io.sparsa.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ELL products (forward, backward data, backward weights) on both kernel sets and one or two
 * threads, against double-precision sums, over batches that are and are not multiples of the
 * vector length and the slab width.
 */
class EllMatmulTest {
    /** rows, cols, nnz. */
    private static final int[][] SHAPES = {{1, 1, 1}, {13, 17, 5}, {67, 33, 7}, {100, 207, 21}, {300, 1000, 100}};

    private static Random random;
    private static CpuThreadPool one;
    private static CpuThreadPool two;
    private static ReferenceBackend reference;

    @BeforeAll
    static void setUp() {
        random = TestRandom.create("EllMatmulTest");
        one = new CpuThreadPool(1);
        two = new CpuThreadPool(2);
        reference = new ReferenceBackend();
    }

    @AfterAll
    static void tearDown() {
        one.close();
        two.close();
        reference.close();
    }

    @ParameterizedTest(name = "batch={0}")
    @ValueSource(ints = {1, 3, 7, 13, 17, 33, 64, 65, 67, 100, 130, 300})
    void forwardAndBackwardMatchDoubleSums(int batch) {
        for (int[] shape : SHAPES) {
            int rows = shape[0];
            int cols = shape[1];
            int nnz = shape[2];
            int[] columns = TestRandom.ellColumns(random, rows, nnz, cols);
            float[] values = TestRandom.floats(random, rows * nnz);
            float[] bias = TestRandom.floats(random, rows);
            float[] x = TestRandom.floats(random, batch * cols);
            float[] dy = TestRandom.floats(random, batch * rows);

            double[] y = new double[batch * rows];
            double[] dx = new double[batch * cols];
            double[] dv = new double[rows * nnz];
            for (int b = 0; b < batch; b++) {
                for (int o = 0; o < rows; o++) {
                    double sum = bias[o];
                    for (int j = 0; j < nnz; j++) {
                        int e = o * nnz + j;
                        sum += (double) values[e] * x[b * cols + columns[e]];
                        dx[b * cols + columns[e]] += (double) dy[b * rows + o] * values[e];
                        dv[e] += (double) dy[b * rows + o] * x[b * cols + columns[e]];
                    }
                    y[b * rows + o] = sum;
                }
            }
            String shapeText = " batch=" + batch + " rows=" + rows + " cols=" + cols + " nnz=" + nnz;
            for (CpuKernels kernels : KernelSets.both()) {
                for (CpuThreadPool pool : new CpuThreadPool[]{one, two}) {
                    String what = kernels.description() + " threads=" + pool.threads() + shapeText;
                    EllMatmul ell = new EllMatmul(kernels, pool);
                    float[] yOut = filledWithNaN(batch * rows);
                    ell.forward(x, batch, cols, columns, values, rows, nnz, bias, yOut);
                    Close.assertClose("forward " + what, y, yOut, 1e-5 * Math.sqrt(nnz), 1e-5);
                    float[] dxOut = filledWithNaN(batch * cols);
                    ell.backwardData(dy, batch, cols, columns, values, rows, nnz, dxOut);
                    Close.assertClose("backwardData " + what, dx, dxOut, 1e-5 * Math.sqrt(rows), 1e-5);
                    float[] dvOut = filledWithNaN(rows * nnz);
                    ell.backwardWeights(x, dy, batch, cols, columns, rows, nnz, dvOut);
                    Close.assertClose("backwardWeights " + what, dv, dvOut, 1e-5 * Math.sqrt(batch), 1e-5);
                }
            }
        }
    }

    /**
     * The forward pass against the reference backend, at the benchmark's kind of shape (about 10%
     * of the inputs kept) scaled down to odd sizes, with and without bias: batch 64 fills one wide
     * slab exactly, 65 and 130 share the batch between slabs with a remainder past the wide run.
     */
    @ParameterizedTest(name = "batch={0}")
    @ValueSource(ints = {1, 3, 17, 64, 65, 130})
    void forwardMatchesTheReferenceBackend(int batch) {
        int rows = 157;
        int cols = 203;
        int nnz = 19;
        int[] columns = TestRandom.ellColumns(random, rows, nnz, cols);
        float[] values = TestRandom.floats(random, rows * nnz);
        float[] bias = TestRandom.floats(random, rows);
        float[] x = TestRandom.floats(random, batch * cols);
        for (float[] b : new float[][]{bias, null}) {
            double[] expected = referenceForward(x, batch, cols, columns, values, rows, nnz, b);
            for (CpuKernels kernels : KernelSets.both()) {
                for (CpuThreadPool pool : new CpuThreadPool[]{one, two}) {
                    float[] out = filledWithNaN(batch * rows);
                    new EllMatmul(kernels, pool).forward(x, batch, cols, columns, values, rows, nnz, b, out);
                    Close.assertClose("forward vs reference " + kernels.description() + " threads=" + pool.threads()
                            + " batch=" + batch + " bias=" + (b != null), expected, out, 1e-5 * Math.sqrt(nnz), 1e-5);
                }
            }
        }
    }

    /**
     * Both {@link WideRowProduct} implementations against double sums, on slab widths below, at
     * and past the vector run, inside a wider slab (ldx > width) at an offset, with a row of no
     * entries and one of an odd count.
     */
    @ParameterizedTest(name = "width={0}")
    @ValueSource(ints = {1, 7, 9, 63, 64, 65, 130, 200})
    void wideRowProductMatchesDoubleSums(int width) {
        int features = 37;
        int ldx = width + 5;
        int xOff = 3;
        float[] x = TestRandom.floats(random, xOff + features * ldx);
        int entries = 23;
        int[] index = new int[entries];
        for (int e = 0; e < entries; e++) {
            index[e] = random.nextInt(features);
        }
        float[] values = TestRandom.floats(random, entries);
        float init = random.nextFloat() - 0.5f;
        for (WideRowProduct kernel : new WideRowProduct[]{new ScalarWideRowProduct(),
                WideRowProduct.matching(KernelSets.vector())}) {
            for (int[] range : new int[][]{{0, entries}, {4, 4}, {2, 15}}) {
                double[] expected = new double[width];
                for (int q = 0; q < width; q++) {
                    double sum = init;
                    for (int e = range[0]; e < range[1]; e++) {
                        sum += (double) values[e] * x[xOff + index[e] * ldx + q];
                    }
                    expected[q] = sum;
                }
                float[] y = filledWithNaN(width + 4);
                kernel.rowTimesSlab(values, index, range[0], range[1], x, xOff, ldx, width, init, y, 2);
                float[] written = java.util.Arrays.copyOfRange(y, 2, 2 + width);
                Close.assertClose(kernel.getClass().getSimpleName() + " width=" + width + " entries " + range[0]
                        + ".." + range[1], expected, written, 1e-5 * Math.sqrt(entries), 1e-5);
                assertTrue(Float.isNaN(y[0]) && Float.isNaN(y[1]) && Float.isNaN(y[width + 2]),
                        "wrote outside y[2 .. 2 + width)");
            }
        }
    }

    @Test
    void batchSharedEvenlyBetweenSlabs() {
        BatchBlocks one64 = BatchBlocks.balanced(64, 10, 8, 64);
        assertTrue(one64.blocks() == 1 && one64.width() == 64, one64.toString());
        BatchBlocks pair = BatchBlocks.balanced(65, 10, 8, 64);
        assertTrue(pair.blocks() == 2 && pair.width() == 40, pair.toString());
        BatchBlocks three = BatchBlocks.balanced(130, 10, 8, 64);
        assertTrue(three.blocks() == 3 && three.width() == 48, three.toString());
        BatchBlocks single = BatchBlocks.balanced(5, 10, 1, 16);
        assertTrue(single.blocks() == 1 && single.width() == 5, single.toString());
    }

    private static double[] referenceForward(float[] x, int batch, int cols, int[] columns, float[] values, int rows,
                                             int nnz, float[] bias) {
        try (Tensor tx = reference.fromArray(x, batch, cols);
             Tensor tc = reference.fromArray(columns, rows, nnz);
             Tensor tv = reference.fromArray(values, rows, nnz);
             Tensor tb = bias == null ? null : reference.fromArray(bias, rows);
             Tensor ty = reference.zeros(batch, rows)) {
            reference.ellMatmul(tx, new EllMatrix(tc, tv, cols), tb, ty);
            float[] f = ty.toFloatArray();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
    }

    @Test
    void forwardWithoutBiasAndColumnsOutOfRange() {
        int rows = 9;
        int cols = 11;
        int nnz = 3;
        int[] columns = TestRandom.ellColumns(random, rows, nnz, cols);
        float[] values = TestRandom.floats(random, rows * nnz);
        float[] x = TestRandom.floats(random, 5 * cols);
        double[] y = new double[5 * rows];
        for (int b = 0; b < 5; b++) {
            for (int e = 0; e < rows * nnz; e++) {
                y[b * rows + e / nnz] += (double) values[e] * x[b * cols + columns[e]];
            }
        }
        float[] out = new float[5 * rows];
        new EllMatmul(KernelSets.vector(), two).forward(x, 5, cols, columns, values, rows, nnz, null, out);
        Close.assertClose("forward without bias", y, out, 1e-5, 1e-5);
        columns[4] = cols;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparseChecks.ellColumns("w", columns, rows, nnz, cols));
        assertTrue(e.getMessage().contains("w.columns") && e.getMessage().contains("[1, 1]"), e.getMessage());
        // A mask that passed, then edited in place, is checked again (the check is remembered by array).
        columns[4] = 0;
        int[] ok = TestRandom.ellColumns(random, rows, nnz, cols);
        SparseChecks.ellColumns("w", ok, rows, nnz, cols);
        SparseChecks.ellColumns("w", ok, rows, nnz, cols);
        ok[nnz * 2 + 1] = -3;
        e = assertThrows(IllegalArgumentException.class, () -> SparseChecks.ellColumns("w", ok, rows, nnz, cols));
        assertTrue(e.getMessage().contains("entry [2, 1] is -3"), e.getMessage());
    }

    /** The cached transpose of a mask must follow in-place edits of the mask. */
    @Test
    void backwardDataFollowsAMaskEditedInPlace() {
        int rows = 31;
        int cols = 29;
        int nnz = 6;
        int batch = 9;
        int[] columns = TestRandom.ellColumns(random, rows, nnz, cols);
        float[] values = TestRandom.floats(random, rows * nnz);
        float[] dy = TestRandom.floats(random, batch * rows);
        EllMatmul ell = new EllMatmul(KernelSets.vector(), two);
        for (int round = 0; round < 3; round++) {
            double[] dx = new double[batch * cols];
            for (int b = 0; b < batch; b++) {
                for (int e = 0; e < rows * nnz; e++) {
                    dx[b * cols + columns[e]] += (double) dy[b * rows + e / nnz] * values[e];
                }
            }
            float[] out = new float[batch * cols];
            ell.backwardData(dy, batch, cols, columns, values, rows, nnz, out);
            Close.assertClose("backwardData round " + round, dx, out, 1e-5, 1e-5);
            // Edit one row of the mask in place: the same array now holds another mask.
            int row = random.nextInt(rows);
            int[] fresh = TestRandom.ellColumns(random, 1, nnz, cols);
            System.arraycopy(fresh, 0, columns, row * nnz, nnz);
            values[random.nextInt(values.length)] += 1f;
        }
    }

    private static float[] filledWithNaN(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, Float.NaN);
        return a;
    }
}
