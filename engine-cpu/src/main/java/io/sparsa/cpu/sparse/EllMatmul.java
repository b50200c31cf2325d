package io.sparsa.cpu.sparse;

import io.sparsa.cpu.parallel.CpuThreadPool;
import io.sparsa.cpu.parallel.Scratch;
import io.sparsa.cpu.vector.CpuKernels;

import java.util.Arrays;

/**
 * The three products of a linear layer with ELL-sparse weights, vectorised over the batch: the
 * activations are transposed into {@link BatchBlocks} slabs, so every kept weight multiplies a
 * contiguous run of samples ({@link CpuKernels#sparseRowTimesDense},
 * {@link CpuKernels#sparseRowDots}), and the result is transposed back. The work is
 * {@code rows * nnz * batch} multiply-adds against {@code rows * cols * batch} for the dense
 * layer; the transposes add {@code (rows + cols) * batch} moves.
 */
public final class EllMatmul {
    /** Output rows per task at the least: enough to amortise the task's transposed output tile. */
    private static final int MIN_ROWS_PER_TASK = 16;
    /**
     * Slab width of the weight gradient: its dot products end in a horizontal sum, so long runs
     * (up to the whole batch) pay for fewer of them than the register-sized slabs of the other passes.
     */
    private static final int DOT_WIDTH = 256;

    private final CpuKernels kernels;
    private final CpuThreadPool pool;
    private final int maxWidth;
    private final Scratch inputSlabs = new Scratch();
    private final Scratch gradientSlabs = new Scratch();
    private final Scratch transposedValues = new Scratch();

    public EllMatmul(CpuKernels kernels, CpuThreadPool pool) {
        this.kernels = kernels;
        this.pool = pool;
        // Four vectors per slab row: the kernels keep one slab row of the output in registers.
        this.maxWidth = Math.max(16, 4 * kernels.lanes());
    }

    /** {@code y[b, o] = bias[o] + sum_j values[o, j] * x[b, columns[o, j]]}; x {@code [batch, cols]}, y {@code [batch, rows]}. */
    public void forward(float[] x, int batch, int cols, int[] columns, float[] values, int rows, int nnz, float[] bias,
                        float[] y) {
        if (batch == 0 || rows == 0) {
            return;
        }
        BatchBlocks in = BatchBlocks.of(batch, cols, kernels.lanes(), maxWidth);
        BatchBlocks out = new BatchBlocks(batch, rows, in.width(), in.blocks());
        float[] xT = inputSlabs.floats(in.size());
        in.pack(pool, x, 0, xT);
        int width = in.width();
        int chunks = rowChunks(rows, in.blocks());
        pool.forEachTask(in.blocks() * chunks, task -> {
            int t = task / chunks;
            int o0 = CpuThreadPool.split(rows, chunks, task % chunks);
            int o1 = CpuThreadPool.split(rows, chunks, task % chunks + 1);
            float[] yT = new float[(o1 - o0) * width];
            for (int o = o0; o < o1; o++) {
                kernels.sparseRowTimesDense(values, columns, o * nnz, (o + 1) * nnz, xT, in.offset(t), width, width,
                        bias == null ? 0f : bias[o], yT, (o - o0) * width);
            }
            out.unpackRows(yT, 0, t, o0, o1, y, 0);
        });
    }

    /** {@code dx[b, i] = sum over entries (o, j) with columns[o, j] == i of dy[b, o] * values[o, j]}. */
    public void backwardData(float[] dy, int batch, int cols, int[] columns, float[] values, int rows, int nnz,
                             float[] dx) {
        if (batch == 0 || cols == 0) {
            return;
        }
        EllTranspose wT = EllTranspose.of(columns, rows, nnz, cols);
        float[] tValues = wT.gather(pool, values, transposedValues.floats(rows * nnz));
        BatchBlocks grads = BatchBlocks.of(batch, rows, kernels.lanes(), maxWidth);
        BatchBlocks inputs = new BatchBlocks(batch, cols, grads.width(), grads.blocks());
        float[] dyT = gradientSlabs.floats(grads.size());
        grads.pack(pool, dy, 0, dyT);
        int width = grads.width();
        int chunks = rowChunks(cols, grads.blocks());
        pool.forEachTask(grads.blocks() * chunks, task -> {
            int t = task / chunks;
            int i0 = CpuThreadPool.split(cols, chunks, task % chunks);
            int i1 = CpuThreadPool.split(cols, chunks, task % chunks + 1);
            float[] dxT = new float[(i1 - i0) * width];
            for (int i = i0; i < i1; i++) {
                kernels.sparseRowTimesDense(tValues, wT.rows(), wT.offsets()[i], wT.offsets()[i + 1], dyT,
                        grads.offset(t), width, width, 0f, dxT, (i - i0) * width);
            }
            inputs.unpackRows(dxT, 0, t, i0, i1, dx, 0);
        });
    }

    /** {@code dValues[o, j] = sum_b dy[b, o] * x[b, columns[o, j]]}, overwritten. */
    public void backwardWeights(float[] x, float[] dy, int batch, int cols, int[] columns, int rows, int nnz,
                                float[] dValues) {
        Arrays.fill(dValues, 0, rows * nnz, 0f);
        if (batch == 0 || rows == 0 || nnz == 0) {
            return;
        }
        BatchBlocks in = BatchBlocks.of(batch, cols, kernels.lanes(), DOT_WIDTH);
        BatchBlocks grads = new BatchBlocks(batch, rows, in.width(), in.blocks());
        float[] xT = inputSlabs.floats(in.size());
        float[] dyT = gradientSlabs.floats(grads.size());
        in.pack(pool, x, 0, xT);
        grads.pack(pool, dy, 0, dyT);
        int width = in.width();
        // Padding samples are zero in both slabs, so full-width dot products add nothing wrong.
        pool.forRange(rows, MIN_ROWS_PER_TASK, (o0, o1) -> {
            for (int t = 0; t < in.blocks(); t++) {
                for (int o = o0; o < o1; o++) {
                    kernels.sparseRowDots(columns, o * nnz, (o + 1) * nnz, xT, in.offset(t), width, width, dyT,
                            grads.offset(t) + o * width, dValues, o * nnz);
                }
            }
        });
    }

    /** Row chunks per slab: enough tasks for every thread, each at least {@link #MIN_ROWS_PER_TASK} rows. */
    private int rowChunks(int rows, int slabs) {
        int wanted = Math.max(1, (4 * pool.threads() + slabs - 1) / slabs);
        return Math.max(1, Math.min(wanted, rows / MIN_ROWS_PER_TASK));
    }
}
