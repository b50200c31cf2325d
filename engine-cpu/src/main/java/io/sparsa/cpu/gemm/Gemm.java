package io.sparsa.cpu.gemm;

import io.sparsa.cpu.parallel.CpuThreadPool;
import io.sparsa.cpu.parallel.Scratch;
import io.sparsa.cpu.vector.CpuKernels;

import java.util.Arrays;

/**
 * Single-precision GEMM, {@code C = alpha * op(A) * op(B) + beta * C}, blocked for the caches and
 * the registers in the manner of GotoBLAS/BLIS: for each {@code NC}-wide column panel and
 * {@code KC}-deep slice of K, B is packed into {@code NR}-wide slivers (kept in L1 while it is
 * used) and, for each {@code MC}-tall block, A into {@code MR}-tall slivers (kept in L2); the
 * micro-kernel of {@link CpuKernels#gemmTile} then updates one {@code MR x NR} tile of C from two
 * slivers, applying beta as it stores during the first slice of K (so C is never swept separately,
 * and with beta 0 never read). Packing makes every transpose combination look the same to the
 * micro-kernel, and zero-pads ragged edges so the micro-kernel always runs full tiles.
 *
 * <p>Threads split C into bands, each thread packing its own operands, so no thread ever waits for
 * another. The split runs along N when {@code M < N} and along M otherwise: a band of columns
 * repacks all of A ({@code M x K}) and a band of rows all of B ({@code K x N}), so this duplicates
 * the smaller operand. The forward GEMMs of the paper's layers (M = 32..256 rows, N = 700..147,456
 * columns) thus pack every element of their large B exactly once.
 *
 * <p>Matrices are slices of arrays: element {@code (i, j)} of a row-major matrix with leading
 * dimension {@code ld} is {@code array[off + i * ld + j]}.
 */
public final class Gemm {
    /** Depth of a packed slice: an MR x KC and a KC x NR sliver together fit in L1. */
    private static final int KC = 256;
    /** Rows per packed A block (rounded to MR): about 150 KB, well inside L2. */
    private static final int MC = 144;
    /** Columns per packed B panel (rounded to NR). */
    private static final int NC = 3072;
    /** Below this many multiply-adds, one thread is faster than waking the others. */
    private static final long PARALLEL_MIN_MULADDS = 1L << 18;

    private final CpuKernels kernels;
    private final Scratch aPacks = new Scratch();
    private final Scratch bPacks = new Scratch();
    private final Scratch edges = new Scratch();
    private final int mr;
    private final int nr;
    private final int mc;
    private final int nc;

    public Gemm(CpuKernels kernels) {
        this.kernels = kernels;
        this.mr = kernels.gemmTileRows();
        this.nr = kernels.gemmTileCols();
        this.mc = roundUp(MC, mr);
        this.nc = roundUp(NC, nr);
    }

    /**
     * The product on the pool's threads: {@code op(A)} is {@code [m, k]} ({@code A[i, p]} at
     * {@code a[aOff + i * lda + p]}, or at {@code a[aOff + p * lda + i]} when {@code transA}),
     * {@code op(B)} is {@code [k, n]} likewise, C is {@code [m, n]}. {@code beta == 0} overwrites C
     * without reading it.
     */
    public void multiply(CpuThreadPool pool, boolean transA, boolean transB, int m, int n, int k, float alpha,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff,
                         int ldc) {
        if (m < mr && m > 0 && n > 0) {
            skinny(pool, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        int unitsM = ceilDiv(m, mr);
        int unitsN = ceilDiv(n, nr);
        int threads = pool.threads();
        boolean alongN = m < n;
        int parts = Math.min(threads, alongN ? unitsN : unitsM);
        if (parts < 2 || (long) m * n * k < PARALLEL_MIN_MULADDS) {
            multiplySerial(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (alongN) {
            pool.forEachTask(parts, t -> {
                int j0 = Math.min(n, CpuThreadPool.split(unitsN, parts, t) * nr);
                int j1 = Math.min(n, CpuThreadPool.split(unitsN, parts, t + 1) * nr);
                int bSub = transB ? bOff + j0 * ldb : bOff + j0;
                multiplySerial(transA, transB, m, j1 - j0, k, alpha, a, aOff, lda, b, bSub, ldb, beta, c, cOff + j0,
                        ldc);
            });
        } else {
            pool.forEachTask(parts, t -> {
                int i0 = Math.min(m, CpuThreadPool.split(unitsM, parts, t) * mr);
                int i1 = Math.min(m, CpuThreadPool.split(unitsM, parts, t + 1) * mr);
                int aSub = transA ? aOff + i0 : aOff + i0 * lda;
                multiplySerial(transA, transB, i1 - i0, n, k, alpha, a, aSub, lda, b, bOff, ldb, beta, c,
                        cOff + i0 * ldc, ldc);
            });
        }
    }

    /** As {@link #multiply} on the calling thread only (for callers that parallelise outside). */
    public void multiplySerial(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
                               int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) {
            return;
        }
        if (m < mr) {
            skinnyColumns(transA, transB, 0, n, m, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (k <= 0 || alpha == 0) {
            scaleC(beta, c, cOff, ldc, m, n);
            return;
        }
        int kcMax = Math.min(KC, k);
        // Packing writes every element the micro-kernel reads, so reused buffers need no clearing.
        float[] aPack = aPacks.floats(Math.min(mc, roundUp(m, mr)) * kcMax);
        float[] bPack = bPacks.floats(Math.min(nc, roundUp(n, nr)) * kcMax);
        float[] edge = edges.floats(mr * nr);
        for (int jc = 0; jc < n; jc += nc) {
            int ncur = Math.min(nc, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kcur = Math.min(KC, k - pc);
                // The first slice of K applies beta as it stores; later slices accumulate.
                float sliceBeta = pc == 0 ? beta : 1f;
                packB(transB, b, bOff, ldb, pc, jc, kcur, ncur, bPack);
                for (int ic = 0; ic < m; ic += mc) {
                    int mcur = Math.min(mc, m - ic);
                    packA(transA, alpha, a, aOff, lda, ic, pc, mcur, kcur, aPack);
                    macroKernel(kcur, mcur, ncur, aPack, bPack, sliceBeta, c, cOff + ic * ldc + jc, ldc, edge);
                }
            }
        }
    }

    /**
     * Fewer rows than one register tile (a batch of one, say): packing B would cost as much as the
     * product, since each element of B is used only m times. Instead each row of C is built from
     * the rows of op(B) directly, with the columns of C split across threads.
     */
    private void skinny(CpuThreadPool pool, boolean transA, boolean transB, int m, int n, int k, float alpha,
                        float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff,
                        int ldc) {
        int minColumns = (int) Math.max(nr, PARALLEL_MIN_MULADDS / Math.max(1L, (long) m * k));
        pool.forRange(n, minColumns, (j0, j1) -> skinnyColumns(transA, transB, j0, j1, m, k, alpha, a, aOff, lda, b,
                bOff, ldb, beta, c, cOff, ldc));
    }

    /**
     * Columns {@code j0 .. j1-1} of a product with few rows: with op(B) = B, row i of C accumulates
     * {@code alpha * A[i, p] * B[p, :]} (vector axpy along the row); with op(B) = B^T each element is
     * a dot product of two contiguous rows.
     */
    private void skinnyColumns(boolean transA, boolean transB, int j0, int j1, int m, int k, float alpha, float[] a,
                               int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff,
                               int ldc) {
        int width = j1 - j0;
        float[] row = aPacks.floats(k);
        for (int i = 0; i < m; i++) {
            // Row i of op(A), contiguous and scaled by alpha.
            for (int p = 0; p < k; p++) {
                row[p] = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
            }
            int cRow = cOff + i * ldc + j0;
            if (transB) {
                for (int j = 0; j < width; j++) {
                    float old = beta == 0f ? 0f : beta * c[cRow + j];
                    c[cRow + j] = old + kernels.dot(row, 0, b, bOff + (j0 + j) * ldb, k);
                }
            } else {
                scaleC(beta, c, cRow, ldc, 1, width);
                for (int p = 0; p < k; p++) {
                    kernels.axpy(row[p], b, bOff + p * ldb + j0, c, cRow, width);
                }
            }
        }
    }

    /** All tiles of one packed A block times one packed B panel; a B sliver stays in L1 across the A slivers. */
    private void macroKernel(int kc, int mcur, int ncur, float[] aPack, float[] bPack, float beta, float[] c, int cOff,
                             int ldc, float[] edge) {
        for (int jr = 0; jr < ncur; jr += nr) {
            int cols = Math.min(nr, ncur - jr);
            int bSliver = (jr / nr) * kc * nr;
            for (int ir = 0; ir < mcur; ir += mr) {
                int rows = Math.min(mr, mcur - ir);
                int aSliver = (ir / mr) * kc * mr;
                int cTile = cOff + ir * ldc + jr;
                if (rows == mr && cols == nr) {
                    kernels.gemmTile(kc, aPack, aSliver, bPack, bSliver, beta, c, cTile, ldc);
                } else {
                    // Ragged edge: compute the full tile aside and store only the part inside C.
                    kernels.gemmTile(kc, aPack, aSliver, bPack, bSliver, 0f, edge, 0, nr);
                    for (int r = 0; r < rows; r++) {
                        int row = cTile + r * ldc;
                        for (int j = 0; j < cols; j++) {
                            float v = edge[r * nr + j];
                            c[row + j] = beta == 0f ? v : beta * c[row + j] + v;
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs {@code alpha * op(A)[ic .. ic+mcur, pc .. pc+kc]} into MR-tall slivers:
     * sliver s holds element (s*MR + r, p) at {@code s * kc * MR + p * MR + r}; rows past the
     * edge are zero.
     */
    private void packA(boolean transA, float alpha, float[] a, int aOff, int lda, int ic, int pc, int mcur, int kc,
                       float[] aPack) {
        if (transA) {
            // A^T is read a whole row of the block at a time: walking down a column instead would
            // stride by lda, and with power-of-two lda every access lands in the same cache set.
            for (int p = 0; p < kc; p++) {
                int src = aOff + (pc + p) * lda + ic;
                for (int s = 0; s < mcur; s += mr) {
                    int rows = Math.min(mr, mcur - s);
                    int dst = (s / mr) * kc * mr + p * mr;
                    for (int r = 0; r < rows; r++) {
                        aPack[dst + r] = alpha * a[src + s + r];
                    }
                }
            }
        } else {
            int whole = mcur / mr;
            kernels.packRowSlivers(alpha, a, aOff + ic * lda + pc, lda, kc, whole, aPack, 0, kc * mr);
            for (int s = whole * mr; s < mcur; s += mr) {
                int rows = Math.min(mr, mcur - s);
                int dst = (s / mr) * kc * mr;
                for (int r = 0; r < rows; r++) {
                    int src = aOff + (ic + s + r) * lda + pc;
                    for (int p = 0; p < kc; p++) {
                        aPack[dst + p * mr + r] = alpha * a[src + p];
                    }
                }
            }
        }
        int full = mcur / mr * mr;
        if (full < mcur) {
            // Zero the rows of the last sliver that lie past the edge of A.
            int dst = (full / mr) * kc * mr;
            for (int p = 0; p < kc; p++) {
                for (int r = mcur - full; r < mr; r++) {
                    aPack[dst + p * mr + r] = 0f;
                }
            }
        }
    }

    /**
     * Packs {@code op(B)[pc .. pc+kc, jc .. jc+ncur]} into NR-wide slivers: sliver s holds element
     * (p, s*NR + j) at {@code s * kc * NR + p * NR + j}; columns past the edge are zero.
     */
    private void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int jc, int kc, int ncur, float[] bPack) {
        int full = ncur / nr * nr;
        if (transB) {
            kernels.packSliversTransposed(b, bOff + jc * ldb + pc, ldb, kc, full / nr, bPack, 0, kc * nr);
        } else {
            // Row by row across all whole slivers: B is read in order, which matters when its rows
            // are long (ldb of 4096 floats is 16 KB: sliver by sliver, every row would be a new page).
            kernels.packSlivers(b, bOff + pc * ldb + jc, ldb, kc, full / nr, bPack, 0, kc * nr);
        }
        for (int s = full; s < ncur; s += nr) {
            int cols = Math.min(nr, ncur - s);
            int dst = (s / nr) * kc * nr;
            if (transB) {
                for (int j = 0; j < cols; j++) {
                    int src = bOff + (jc + s + j) * ldb + pc;
                    for (int p = 0; p < kc; p++) {
                        bPack[dst + p * nr + j] = b[src + p];
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (pc + p) * ldb + jc + s;
                    for (int j = 0; j < cols; j++) {
                        bPack[dst + p * nr + j] = b[src + j];
                    }
                }
            }
            for (int p = 0; p < kc; p++) {
                for (int j = cols; j < nr; j++) {
                    bPack[dst + p * nr + j] = 0f;
                }
            }
        }
    }

    /** {@code C *= beta}; with {@code beta == 0} C is overwritten with zeros, so NaN in C never leaks. */
    private static void scaleC(float beta, float[] c, int cOff, int ldc, int m, int n) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0f) {
                Arrays.fill(c, row, row + n, 0f);
            } else {
                for (int j = 0; j < n; j++) {
                    c[row + j] *= beta;
                }
            }
        }
    }

    private static int roundUp(int x, int multiple) {
        return ceilDiv(x, multiple) * multiple;
    }

    private static int ceilDiv(int x, int d) {
        return (x + d - 1) / d;
    }
}
