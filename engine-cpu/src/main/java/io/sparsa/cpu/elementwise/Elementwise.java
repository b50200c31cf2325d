package io.sparsa.cpu.elementwise;

import io.sparsa.cpu.parallel.CpuThreadPool;

/**
 * Element-wise maps and small reductions: simple counted loops that C2 vectorises on its own,
 * split across threads once an array is large enough to
 * pay for the hand-off. Where the reference fixes a rounding (double arithmetic in axpy, double
 * sums), the same arithmetic is used, so these results are bit-exact.
 */
public final class Elementwise {
    /** Elements per thread at the least: below this, memory-bound loops run faster on one thread. */
    public static final int GRAIN = 1 << 15;

    private final CpuThreadPool pool;

    public Elementwise(CpuThreadPool pool) {
        this.pool = pool;
    }

    public void fill(float[] x, int n, float value) {
        pool.forRange(n, GRAIN, (from, to) -> java.util.Arrays.fill(x, from, to, value));
    }

    /** {@code x[b, c, p] += bias[c]} over {@code batch x channels} runs of {@code plane} elements. */
    public void addBias(float[] x, int batch, int channels, int plane, float[] bias) {
        int rows = batch * channels;
        pool.forRange(rows, Math.max(1, GRAIN / Math.max(1, plane)), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                float v = bias[r % channels];
                int off = r * plane;
                for (int p = off; p < off + plane; p++) {
                    x[p] += v;
                }
            }
        });
    }

    /** {@code y = x > 0 ? x : 0} (NaN and -0 become 0). */
    public void relu(float[] x, float[] y, int n) {
        pool.forRange(n, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                float v = x[i];
                y[i] = v > 0 ? v : 0f;
            }
        });
    }

    public void reluBackward(float[] dy, float[] x, float[] dx, int n) {
        pool.forRange(n, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                dx[i] = x[i] > 0 ? dy[i] : 0f;
            }
        });
    }

    public void mul(float[] a, float[] b, float[] out, int n) {
        pool.forRange(n, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = a[i] * b[i];
            }
        });
    }

    /** {@code y += alpha * x}, each element rounded once from double as in the reference. */
    public void axpy(float alpha, float[] x, float[] y, int n) {
        double a = alpha;
        pool.forRange(n, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                y[i] = (float) (y[i] + a * x[i]);
            }
        });
    }

    public void scale(float alpha, float[] x, int n) {
        pool.forRange(n, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                x[i] *= alpha;
            }
        });
    }

    public void clamp(float[] x, int n, float lo, float hi) {
        pool.forRange(n, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                x[i] = Math.min(Math.max(x[i], lo), hi);
            }
        });
    }

    public void greaterEqual(float[] x, float threshold, float[] out, int n) {
        pool.forRange(n, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = x[i] >= threshold ? 1f : 0f;
            }
        });
    }

    /** Column sums of {@code [batch, n]}, each a double sum over the batch in order. */
    public void sumRows(float[] x, int batch, int n, float[] out) {
        pool.forRange(n, Math.max(1, GRAIN / Math.max(1, batch)), (j0, j1) -> {
            double[] acc = new double[j1 - j0];
            for (int b = 0; b < batch; b++) {
                int row = b * n;
                for (int j = j0; j < j1; j++) {
                    acc[j - j0] += x[row + j];
                }
            }
            for (int j = j0; j < j1; j++) {
                out[j] = (float) acc[j - j0];
            }
        });
    }

    /** {@code out[b, j] = x[b, indices[b, j]]}. */
    public void gatherRows(float[] x, int batch, int n, int[] indices, int k, float[] out) {
        pool.forRange(batch, Math.max(1, GRAIN / Math.max(1, k)), (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                for (int j = 0; j < k; j++) {
                    int i = indices[b * k + j];
                    if (i < 0 || i >= n) {
                        throw new IllegalArgumentException("argument 'indices': entry [" + b + ", " + j + "] is " + i
                                + ", expected a column in [0, " + n + ")");
                    }
                    out[b * k + j] = x[b * n + i];
                }
            }
        });
    }

    /** Index of each row's largest value; only a strictly larger value replaces the first. */
    public void argmaxRows(float[] x, int batch, int n, int[] out) {
        pool.forRange(batch, Math.max(1, GRAIN / Math.max(1, n)), (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                int row = b * n;
                int best = 0;
                float bestValue = x[row];
                for (int i = 1; i < n; i++) {
                    if (x[row + i] > bestValue) {
                        bestValue = x[row + i];
                        best = i;
                    }
                }
                out[b] = best;
            }
        });
    }

    /** {@code dst = src} for {@code n} elements. */
    public void copy(float[] src, float[] dst, int n) {
        pool.forRange(n, GRAIN, (from, to) -> System.arraycopy(src, from, dst, from, to - from));
    }
}
