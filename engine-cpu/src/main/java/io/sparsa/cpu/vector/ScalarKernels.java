package io.sparsa.cpu.vector;

/**
 * Plain Java loops: the fallback when the Vector API is absent (or disabled with
 * {@code -Dsparsa.cpu.vector=false}), and the baseline the vector kernels are tested against.
 * The GEMM tile is 4x4 so that its 16 accumulators stay in registers.
 */
public final class ScalarKernels implements CpuKernels {
    private static final int MR = 4;
    private static final int NR = 4;

    @Override
    public String description() {
        return "scalar Java loops";
    }

    @Override
    public int lanes() {
        return 1;
    }

    @Override
    public boolean vectorized() {
        return false;
    }

    @Override
    public int gemmTileRows() {
        return MR;
    }

    @Override
    public int gemmTileCols() {
        return NR;
    }

    @Override
    public void gemmTile(int kc, float[] a, int aOff, float[] b, int bOff, float beta, float[] c, int cOff, int ldc) {
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        float c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        float c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int p = 0; p < kc; p++) {
            int ap = aOff + p * MR;
            int bp = bOff + p * NR;
            float b0 = b[bp];
            float b1 = b[bp + 1];
            float b2 = b[bp + 2];
            float b3 = b[bp + 3];
            float a0 = a[ap];
            c00 += a0 * b0;
            c01 += a0 * b1;
            c02 += a0 * b2;
            c03 += a0 * b3;
            float a1 = a[ap + 1];
            c10 += a1 * b0;
            c11 += a1 * b1;
            c12 += a1 * b2;
            c13 += a1 * b3;
            float a2 = a[ap + 2];
            c20 += a2 * b0;
            c21 += a2 * b1;
            c22 += a2 * b2;
            c23 += a2 * b3;
            float a3 = a[ap + 3];
            c30 += a3 * b0;
            c31 += a3 * b1;
            c32 += a3 * b2;
            c33 += a3 * b3;
        }
        int r0 = cOff;
        int r1 = r0 + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        store(c, r0, beta, c00, c01, c02, c03);
        store(c, r1, beta, c10, c11, c12, c13);
        store(c, r2, beta, c20, c21, c22, c23);
        store(c, r3, beta, c30, c31, c32, c33);
    }

    /** One row of a tile: {@code c[off + j] = beta * c[off + j] + v_j}, C unread when beta is 0. */
    private static void store(float[] c, int off, float beta, float v0, float v1, float v2, float v3) {
        if (beta == 0f) {
            c[off] = v0;
            c[off + 1] = v1;
            c[off + 2] = v2;
            c[off + 3] = v3;
        } else {
            c[off] = beta * c[off] + v0;
            c[off + 1] = beta * c[off + 1] + v1;
            c[off + 2] = beta * c[off + 2] + v2;
            c[off + 3] = beta * c[off + 3] + v3;
        }
    }

    @Override
    public void packSlivers(float[] src, int srcOff, int ld, int rows, int slivers, float[] dst, int dstOff,
                            int sliverStride) {
        for (int p = 0; p < rows; p++) {
            int from = srcOff + p * ld;
            int to = dstOff + p * NR;
            for (int s = 0; s < slivers; s++, from += NR, to += sliverStride) {
                for (int j = 0; j < NR; j++) {
                    dst[to + j] = src[from + j];
                }
            }
        }
    }

    @Override
    public void packSliversTransposed(float[] src, int srcOff, int ld, int depth, int slivers, float[] dst, int dstOff,
                                      int sliverStride) {
        // One source row at a time, written down its column of the sliver: measured 3x faster than
        // walking p outside and the NR rows inside (with NR a constant, p * NR keeps the stores
        // free of bounds checks in this loop).
        for (int s = 0; s < slivers; s++) {
            int to = dstOff + s * sliverStride;
            for (int j = 0; j < NR; j++) {
                int row = srcOff + (s * NR + j) * ld;
                for (int p = 0; p < depth; p++) {
                    dst[to + p * NR + j] = src[row + p];
                }
            }
        }
    }

    @Override
    public void packRowSlivers(float scale, float[] src, int srcOff, int ld, int depth, int slivers, float[] dst,
                               int dstOff, int sliverStride) {
        // As packSliversTransposed, with MR a constant so that p * MR keeps the stores unchecked.
        for (int s = 0; s < slivers; s++) {
            int to = dstOff + s * sliverStride;
            for (int r = 0; r < MR; r++) {
                int row = srcOff + (s * MR + r) * ld;
                for (int p = 0; p < depth; p++) {
                    dst[to + p * MR + r] = scale * src[row + p];
                }
            }
        }
    }

    @Override
    public void sparseRowTimesDense(float[] values, int[] index, int from, int to, float[] x, int xOff, int ldx,
                                    int width, float init, float[] y, int yOff) {
        for (int p = 0; p < width; p++) {
            y[yOff + p] = init;
        }
        for (int e = from; e < to; e++) {
            float v = values[e];
            int row = xOff + index[e] * ldx;
            for (int p = 0; p < width; p++) {
                y[yOff + p] += v * x[row + p];
            }
        }
    }

    @Override
    public void sparseRowDots(int[] index, int from, int to, float[] x, int xOff, int ldx, int width, float[] row,
                              int rowOff, float[] out, int outOff) {
        for (int e = from; e < to; e++) {
            out[outOff + e - from] += dot(row, rowOff, x, xOff + index[e] * ldx, width);
        }
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        float sum = 0;
        for (int i = 0; i < n; i++) {
            sum += a[aOff + i] * b[bOff + i];
        }
        return sum;
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void add(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += x[xOff + i];
        }
    }

    @Override
    public long partitionKeys(int[] keys, int keyOff, int n, int lo, int hi, int[] positions) {
        long above = 0;
        int count = 0;
        for (int i = 0; i < n; i++) {
            int key = keys[keyOff + i];
            if (key > hi) {
                above++;
            } else if (key >= lo) {
                positions[count++] = i;
            }
        }
        return above << 32 | count;
    }

}
