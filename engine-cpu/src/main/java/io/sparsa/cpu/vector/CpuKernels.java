package io.sparsa.cpu.vector;

/**
 * The inner loops whose speed depends on SIMD: one scalar implementation ({@link ScalarKernels})
 * and one on the JDK Vector API ({@code PanamaKernels}), picked once by {@link CpuKernelsProvider}.
 * Everything around them (blocking, packing, threading, index bookkeeping) is shared, so the two
 * implementations compute the same thing and differ only in summation order.
 *
 * <p>Arrays are addressed by explicit offsets and leading dimensions so that the drivers can hand
 * over slices of tensors and scratch buffers without copying.
 */
public interface CpuKernels {
    /** One line for probes and logs, e.g. {@code Panama FloatVector 256-bit (8 lanes)}. */
    String description();

    /** Float lanes per vector register (1 for the scalar implementation). */
    int lanes();

    /** Whether this implementation uses the Vector API. */
    boolean vectorized();

    // ---- dense: the GEMM micro-kernel ------------------------------------------------------

    /** Rows of the register tile (MR): the height of a packed A sliver. */
    int gemmTileRows();

    /** Columns of the register tile (NR): the width of a packed B sliver. */
    int gemmTileCols();

    /**
     * {@code C[r, j] = beta * C[r, j] + sum_p A[p, r] * B[p, j]} for {@code r < MR, j < NR, p < kc},
     * where the packed A sliver holds {@code a[aOff + p * MR + r]}, the packed B sliver
     * {@code b[bOff + p * NR + j]}, and C is {@code c[cOff + r * ldc + j]}. With {@code beta == 0}
     * C is only written, never read (so NaN there does not leak); {@code beta == 1} accumulates.
     * Folding beta into the tile saves the GEMM driver a separate pass over C.
     *
     * @throws IndexOutOfBoundsException if a sliver or the tile of C lies outside its array
     */
    void gemmTile(int kc, float[] a, int aOff, float[] b, int bOff, float beta, float[] c, int cOff, int ldc);

    /**
     * Packs whole NR-wide slivers of row-major rows for {@link #gemmTile}:
     * {@code dst[dstOff + s * sliverStride + p * NR + j] = src[srcOff + p * ld + s * NR + j]} for
     * {@code p < rows, s < slivers, j < NR}. It walks the source row by row, so it reads memory
     * in order however large the leading dimension.
     */
    void packSlivers(float[] src, int srcOff, int ld, int rows, int slivers, float[] dst, int dstOff,
                     int sliverStride);

    /**
     * Packs whole NR-wide slivers of a transposed operand, stored with the depth along its rows:
     * {@code dst[dstOff + s * sliverStride + p * NR + j] = src[srcOff + (s * NR + j) * ld + p]} for
     * {@code p < depth, s < slivers, j < NR}: each source row is read in order.
     */
    void packSliversTransposed(float[] src, int srcOff, int ld, int depth, int slivers, float[] dst, int dstOff,
                               int sliverStride);

    /**
     * Packs whole MR-tall slivers of a row-major A block, scaled:
     * {@code dst[dstOff + s * sliverStride + p * MR + r] = scale * src[srcOff + (s * MR + r) * ld + p]}
     * for {@code p < depth, s < slivers, r < MR}; each source row is read in order.
     */
    void packRowSlivers(float scale, float[] src, int srcOff, int ld, int depth, int slivers, float[] dst, int dstOff,
                        int sliverStride);

    // ---- sparse rows times dense rows ------------------------------------------------------

    /**
     * One sparse row times a dense matrix whose rows are contiguous runs:
     * {@code y[yOff + p] = init + sum_{e in [from, to)} values[e] * x[xOff + index[e] * ldx + p]}
     * for {@code p < width}. With x the batch-transposed activations this is the ELL forward pass
     * vectorised over the batch; with x an im2col matrix it is a sparse convolution.
     */
    void sparseRowTimesDense(float[] values, int[] index, int from, int to, float[] x, int xOff, int ldx,
                             int width, float init, float[] y, int yOff);

    /**
     * Dot products of one dense row with the rows a sparse row selects:
     * {@code out[outOff + e - from] += sum_{p < width} row[rowOff + p] * x[xOff + index[e] * ldx + p]}
     * for {@code e in [from, to)}. The weight gradient of ELL layers and sparse convolutions.
     */
    void sparseRowDots(int[] index, int from, int to, float[] x, int xOff, int ldx, int width, float[] row,
                       int rowOff, float[] out, int outOff);

    // ---- vector primitives ------------------------------------------------------------------

    /** {@code sum_i a[aOff + i] * b[bOff + i]} for {@code i < n}. */
    float dot(float[] a, int aOff, float[] b, int bOff, int n);

    /** {@code y[yOff + i] += alpha * x[xOff + i]} for {@code i < n}. */
    void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n);

    /** {@code y[yOff + i] += x[xOff + i]} for {@code i < n}. */
    void add(float[] x, int xOff, float[] y, int yOff, int n);

    // ---- k-winners ---------------------------------------------------------------------------

    /**
     * One filtering pass of k-winners' selection: counts the keys above {@code hi} and lists the
     * positions of the keys in {@code [lo, hi]} in {@code positions} (ascending). Keys below
     * {@code lo} are skipped.
     *
     * @param positions scratch of at least {@code n + POSITION_SLACK} ints
     * @return {@code (above << 32) | candidateCount}
     */
    long partitionKeys(int[] keys, int keyOff, int n, int lo, int hi, int[] positions);

    /** Room {@link #partitionKeys} may use past the last candidate in its positions buffer (whole-vector stores). */
    int POSITION_SLACK = 64;
}
