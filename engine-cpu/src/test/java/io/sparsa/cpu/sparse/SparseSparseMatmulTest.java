package io.sparsa.cpu.sparse;

import io.sparsa.backend.ops.CsrMatrix;
import io.sparsa.cpu.Close;
import io.sparsa.cpu.TestRandom;
import io.sparsa.cpu.parallel.CpuThreadPool;
import io.sparsa.reference.ReferenceBackend;
import io.sparsa.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sparse-sparse product on one and two threads against the reference backend: odd batches
 * and sizes, uneven fan-out with empty rows, rows out of order, repeated columns, a matrix edited
 * in place between products (its check is remembered), and every kind of bad input.
 */
class SparseSparseMatmulTest {
    private static Random random;
    private static CpuThreadPool one;
    private static CpuThreadPool two;
    private static ReferenceBackend reference;

    @BeforeAll
    static void setUp() {
        random = TestRandom.create("SparseSparseMatmulTest");
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

    /** A CSR matrix on the host. */
    private record Csr(int[] offsets, int[] columns, float[] values, int rows, int cols) {
    }

    @ParameterizedTest(name = "batch={0}")
    @ValueSource(ints = {1, 3, 7, 8, 13, 17, 33, 64, 67, 130})
    void matchesTheReference(int batch) {
        // {inputs, outputs, percent of entries kept, active inputs k}.
        int[][] shapes = {{1, 1, 100, 1}, {7, 5, 50, 3}, {207, 133, 10, 13}, {333, 2011, 7, 29}, {61, 4099, 20, 9}};
        for (int[] sh : shapes) {
            Csr w = randomCsr(sh[0], sh[1], sh[2], true);
            int k = sh[3];
            int[] xi = distinctRows(batch, k, w.rows);
            float[] xv = TestRandom.floats(random, batch * k);
            float[] bias = TestRandom.floats(random, w.cols);
            for (boolean withBias : new boolean[]{false, true}) {
                String what = "batch=" + batch + " inputs=" + w.rows + " outputs=" + w.cols + " nnz="
                        + w.columns.length + " k=" + k + " bias=" + withBias;
                checkAll(what, w, xi, xv, batch, k, withBias ? bias : null);
            }
        }
    }

    /** Fan-out from 0 to most outputs, as in a k-NN index of binary codes; values of one. */
    @Test
    void unevenFanOutWithEmptyRows() {
        int inputs = 300;
        int outputs = 3001;
        List<Integer> cols = new ArrayList<>();
        int[] offsets = new int[inputs + 1];
        for (int i = 0; i < inputs; i++) {
            int percent = i % 3 == 0 ? 0 : i % 7 == 0 ? 60 : 1 + random.nextInt(5);
            for (int o = 0; o < outputs; o++) {
                if (random.nextInt(100) < percent) {
                    cols.add(o);
                }
            }
            offsets[i + 1] = cols.size();
        }
        float[] ones = new float[cols.size()];
        Arrays.fill(ones, 1f);
        Csr w = new Csr(offsets, cols.stream().mapToInt(Integer::intValue).toArray(), ones, inputs, outputs);
        int batch = 77;
        int k = 21;
        checkAll("uneven fan-out", w, distinctRows(batch, k, inputs), ones(batch * k), batch, k, null);
    }

    /** Columns need not ascend within a row, and may repeat: every sum must still be right. */
    @Test
    void rowsOutOfOrderAndRepeatedColumns() {
        for (int outputs : new int[]{11, 2500}) {
            Csr sorted = randomCsr(97, outputs, 15, true);
            int[] columns = sorted.columns.clone();
            // Reverse some rows; repeat a column in another.
            for (int r = 0; r < sorted.rows; r += 3) {
                reverse(columns, sorted.offsets[r], sorted.offsets[r + 1]);
            }
            for (int r = 1; r < sorted.rows; r += 5) {
                if (sorted.offsets[r + 1] - sorted.offsets[r] >= 2) {
                    columns[sorted.offsets[r] + 1] = columns[sorted.offsets[r]];
                }
            }
            Csr w = new Csr(sorted.offsets, columns, sorted.values, sorted.rows, sorted.cols);
            int batch = 19;
            int k = 11;
            checkAll("rows out of order, outputs=" + outputs, w, distinctRows(batch, k, w.rows),
                    TestRandom.floats(random, batch * k), batch, k, TestRandom.floats(random, outputs));
        }
    }

    /** The check is remembered per matrix, but the sums must follow a matrix edited in place. */
    @Test
    void followsAMatrixEditedInPlace() {
        Csr w = randomCsr(150, 1703, 10, true);
        int batch = 23;
        int k = 9;
        int[] xi = distinctRows(batch, k, w.rows);
        float[] xv = TestRandom.floats(random, batch * k);
        SparseSparseMatmul product = new SparseSparseMatmul(two);
        for (int round = 0; round < 4; round++) {
            float[] out = filledWithNaN(batch * w.cols);
            product.multiply(xi, xv, batch, k, w.offsets, w.columns, w.values, w.rows, w.cols, null, out);
            Close.assertClose("round " + round, expected(w, xi, xv, batch, k, null), out, 1e-5, 1e-5);
            // Another valid matrix in the same arrays: new columns for one row (round 2: out of order).
            int row = xi[random.nextInt(xi.length)];
            int from = w.offsets[row];
            int to = w.offsets[row + 1];
            int[] fresh = TestRandom.ellColumns(random, 1, to - from, w.cols);
            if (round == 2) {
                reverse(fresh, 0, fresh.length);
            }
            System.arraycopy(fresh, 0, w.columns, from, to - from);
            w.values[random.nextInt(w.values.length)] += 1f;
        }
    }

    @Test
    void badInputGetsTheReferenceErrors() {
        Csr w = randomCsr(40, 900, 20, true);
        int batch = 5;
        int k = 4;
        int[] xi = distinctRows(batch, k, w.rows);
        float[] xv = TestRandom.floats(random, batch * k);
        SparseSparseMatmul product = new SparseSparseMatmul(two);
        float[] y = new float[batch * w.cols];

        int[] outOfRange = xi.clone();
        outOfRange[6] = w.rows;
        assertMessage("entry [1, 2] is 40, expected an input index in [0, 40)",
                () -> product.multiply(outOfRange, xv, batch, k, w.offsets, w.columns, w.values, w.rows, w.cols, null, y));
        int[] twice = xi.clone();
        twice[9] = twice[8];
        assertMessage("row 2 lists input " + twice[8] + " twice (entry [2, 1])",
                () -> product.multiply(twice, xv, batch, k, w.offsets, w.columns, w.values, w.rows, w.cols, null, y));

        int[] badColumns = w.columns.clone();
        badColumns[17] = w.cols;
        assertMessage("'wT.columns': entry 17 is 900, expected a column in [0, 900)",
                () -> product.multiply(xi, xv, batch, k, w.offsets, badColumns, w.values, w.rows, w.cols, null, y));
        int[] badOffsets = w.offsets.clone();
        badOffsets[3] = badOffsets[4] + 1;
        assertMessage("'wT.rowOffsets' must not decrease",
                () -> product.multiply(xi, xv, batch, k, badOffsets, w.columns, w.values, w.rows, w.cols, null, y));

        // A matrix that passed its check and then got a bad column, in a row the product reads, still fails.
        int[] edited = w.columns.clone();
        product.multiply(xi, xv, batch, k, w.offsets, edited, w.values, w.rows, w.cols, null, y);
        int row = xi[0];
        int last = w.offsets[row + 1] - 1;
        edited[last] = w.cols + 5;
        assertMessage("'wT.columns': entry " + last + " is " + (w.cols + 5),
                () -> product.multiply(xi, xv, batch, k, w.offsets, edited, w.values, w.rows, w.cols, null, y));
        edited[last] = -1;
        assertMessage("'wT.columns': entry " + last + " is -1",
                () -> product.multiply(xi, xv, batch, k, w.offsets, edited, w.values, w.rows, w.cols, null, y));
    }

    /** Both pool sizes, against the reference backend. */
    private static void checkAll(String what, Csr w, int[] xi, float[] xv, int batch, int k, float[] bias) {
        double[] want = expected(w, xi, xv, batch, k, bias);
        for (CpuThreadPool pool : new CpuThreadPool[]{one, two}) {
            SparseSparseMatmul product = new SparseSparseMatmul(pool);
            float[] out = filledWithNaN(batch * w.cols);
            product.multiply(xi, xv, batch, k, w.offsets, w.columns, w.values, w.rows, w.cols, bias, out);
            Close.assertClose(what + " threads=" + pool.threads(), want, out, 1e-5 * Math.sqrt(k), 1e-5);
        }
    }

    /** The reference backend's product, widened to double for the comparison. */
    private static double[] expected(Csr w, int[] xi, float[] xv, int batch, int k, float[] bias) {
        try (Tensor ro = reference.fromArray(w.offsets, w.rows + 1);
             Tensor co = reference.fromArray(w.columns, w.columns.length);
             Tensor va = reference.fromArray(w.values, w.values.length);
             Tensor ti = reference.fromArray(xi, batch, k);
             Tensor tv = reference.fromArray(xv, batch, k);
             Tensor tb = bias == null ? null : reference.fromArray(bias, w.cols);
             Tensor y = reference.zeros(batch, w.cols)) {
            reference.sparseSparseMatmul(ti, tv, new CsrMatrix(ro, co, va, w.cols), tb, y);
            float[] f = y.toFloatArray();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
    }

    /** Each entry kept with {@code percent}% probability, columns ascending when {@code sorted}. */
    private static Csr randomCsr(int rows, int cols, int percent, boolean sorted) {
        int[] offsets = new int[rows + 1];
        List<Integer> kept = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (random.nextInt(100) < percent) {
                    kept.add(c);
                }
            }
            offsets[r + 1] = kept.size();
        }
        int[] columns = kept.stream().mapToInt(Integer::intValue).toArray();
        return new Csr(offsets, columns, TestRandom.floats(random, columns.length), rows, cols);
    }

    private static int[] distinctRows(int batch, int k, int range) {
        int[] out = new int[batch * k];
        for (int b = 0; b < batch; b++) {
            int[] row = TestRandom.ellColumns(random, 1, k, range);
            // Shuffled: the product must not rely on sorted indices.
            for (int i = k - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = row[i];
                row[i] = row[j];
                row[j] = t;
            }
            System.arraycopy(row, 0, out, b * k, k);
        }
        return out;
    }

    private static void assertMessage(String part, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
    }

    private static void reverse(int[] a, int from, int to) {
        for (int i = from, j = to - 1; i < j; i++, j--) {
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static float[] ones(int n) {
        float[] a = new float[n];
        Arrays.fill(a, 1f);
        return a;
    }

    private static float[] filledWithNaN(int n) {
        float[] a = new float[n];
        Arrays.fill(a, Float.NaN);
        return a;
    }

    @Test
    void emptyBatchAndNoActiveInputs() {
        Csr w = randomCsr(9, 13, 30, true);
        float[] bias = TestRandom.floats(random, w.cols);
        float[] out = filledWithNaN(3 * w.cols);
        new SparseSparseMatmul(two).multiply(new int[0], new float[0], 3, 0, w.offsets, w.columns, w.values,
                w.rows, w.cols, bias, out);
        for (int b = 0; b < 3; b++) {
            for (int o = 0; o < w.cols; o++) {
                assertEquals(bias[o], out[b * w.cols + o]);
            }
        }
        new SparseSparseMatmul(two).multiply(new int[0], new float[0], 0, 4, w.offsets, w.columns, w.values,
                w.rows, w.cols, bias, new float[0]);
    }
}
