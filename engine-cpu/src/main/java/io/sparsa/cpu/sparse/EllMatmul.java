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
 *
 * <p>The forward pass uses slabs as wide as the run of {@link WideRowProduct} (64 samples on
 * AVX2), which reads each kept weight's index and value once per eight vectors of samples.
 */
public final class EllMatmul {
    /** Output rows per task at the least: enough to amortise the task's transposed output tile. */
    private static final int MIN_ROWS_PER_TASK = 16;
    /**
     * Slab width of the weight gradient: its dot products end in a horizontal sum, so long runs
     * (up to the whole batch) pay for fewer of them than the register-sized slabs of the other passes.
     */
    private static final int DOT_WIDTH = 256;
    /**
     * Batches below this skip the transposes ({@link EllGathers}): a slab padded to whole
     * vectors would mostly compute padding.
     */
    private static final int SMALL_BATCH = 4;

    private final CpuKernels kernels;
    private final CpuThreadPool pool;
    private final int maxWidth;
    /** The forward pass's row kernel, and its slab width: the widest run it keeps in registers. */
    private final WideRowProduct wide;
    private final int forwardWidth;
    private final Scratch inputSlabs = new Scratch();
    private final Scratch gradientSlabs = new Scratch();
    private final Scratch transposedValues = new Scratch();
    private final Scratch outputTiles = new Scratch();

    public EllMatmul(CpuKernels kernels, CpuThreadPool pool) {
        this.kernels = kernels;
        this.pool = pool;
        // Four vectors per slab row: the kernels keep one slab row of the output in registers.
        this.maxWidth = Math.max(16, 4 * kernels.lanes());
        this.wide = WideRowProduct.matching(kernels);
        this.forwardWidth = Math.max(maxWidth, wide.run());
    }

    /** {@code y[b, o] = bias[o] + sum_j values[o, j] * x[b, columns[o, j]]}; x {@code [batch, cols]}, y {@code [batch, rows]}. */
    public void forward(float[] x, int batch, int cols, int[] columns, float[] values, int rows, int nnz, float[] bias,
                        float[] y) {
        if (batch == 0 || rows == 0) {
            return;
        }
        if (batch < SMALL_BATCH) {
            EllGathers.forward(pool, x, batch, cols, columns, values, rows, nnz, bias, y);
            return;
        }
        BatchBlocks in = BatchBlocks.balanced(batch, cols, kernels.lanes(), forwardWidth);
        BatchBlocks out = new BatchBlocks(batch, rows, in.width(), in.blocks());
        float[] xT = inputSlabs.floats(in.size());
        in.pack(pool, x, 0, xT);
        productBySlabs(in, out, null, nnz, columns, values, bias, xT, y, true);
    }

    /** {@code dx[b, i] = sum over entries (o, j) with columns[o, j] == i of dy[b, o] * values[o, j]}. */
    public void backwardData(float[] dy, int batch, int cols, int[] columns, float[] values, int rows, int nnz,
                             float[] dx) {
        if (batch == 0 || cols == 0) {
            return;
        }
        EllTranspose wT = EllTranspose.of(columns, rows, nnz, cols);
        float[] tValues = wT.gather(pool, values, transposedValues.floats(rows * nnz));
        if (batch < SMALL_BATCH) {
            EllGathers.backwardData(pool, dy, batch, cols, wT, tValues, rows, dx);
            return;
        }
        BatchBlocks grads = BatchBlocks.of(batch, rows, kernels.lanes(), maxWidth);
        BatchBlocks inputs = new BatchBlocks(batch, cols, grads.width(), grads.blocks());
        float[] dyT = gradientSlabs.floats(grads.size());
        grads.pack(pool, dy, 0, dyT);
        productBySlabs(grads, inputs, wT.offsets(), 0, wT.rows(), tValues, null, dyT, dx, false);
    }

    /**
     * {@code out[b, r] = init[r] + sum_e values[e] * source[b, index[e]]} over the entries e of
     * sparse row r, for every sample b, with source held transposed in {@code sourceT} as the
     * slabs of {@code source} and the result unpacked into {@code out}. Row r's entries are
     * {@code offsets[r] .. offsets[r+1]-1}, or {@code r*nnz .. r*nnz+nnz-1} when offsets is null.
     * Tasks take a slab and a range of rows. With {@code wideRows} the rows go through
     * {@link WideRowProduct} (slabs as wide as its run), else through
     * {@link CpuKernels#sparseRowTimesDense}.
     */
    private void productBySlabs(BatchBlocks source, BatchBlocks target, int[] offsets, int nnz, int[] index,
                                float[] values, float[] init, float[] sourceT, float[] out, boolean wideRows) {
        int width = source.width();
        int rows = target.n();
        int chunks = rowChunks(rows, source.blocks());
        pool.forEachTask(source.blocks() * chunks, task -> {
            int t = task / chunks;
            int r0 = CpuThreadPool.split(rows, chunks, task % chunks);
            int r1 = CpuThreadPool.split(rows, chunks, task % chunks + 1);
            float[] tile = outputTiles.floats((r1 - r0) * width);
            for (int r = r0; r < r1; r++) {
                int from = offsets == null ? r * nnz : offsets[r];
                int to = offsets == null ? from + nnz : offsets[r + 1];
                float start = init == null ? 0f : init[r];
                if (wideRows) {
                    wide.rowTimesSlab(values, index, from, to, sourceT, source.offset(t), width, width, start, tile,
                            (r - r0) * width);
                } else {
                    kernels.sparseRowTimesDense(values, index, from, to, sourceT, source.offset(t), width, width,
                            start, tile, (r - r0) * width);
                }
            }
            target.unpackRows(tile, 0, t, r0, r1, out, 0);
        });
    }

    /** {@code dValues[o, j] = sum_b dy[b, o] * x[b, columns[o, j]]}, overwritten. */
    public void backwardWeights(float[] x, float[] dy, int batch, int cols, int[] columns, int rows, int nnz,
                                float[] dValues) {
        Arrays.fill(dValues, 0, rows * nnz, 0f);
        if (batch == 0 || rows == 0 || nnz == 0) {
            return;
        }
        if (batch < SMALL_BATCH) {
            EllGathers.backwardWeights(pool, x, dy, batch, cols, columns, rows, nnz, dValues);
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
