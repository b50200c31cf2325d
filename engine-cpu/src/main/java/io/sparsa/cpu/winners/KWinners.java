package io.sparsa.cpu.winners;

import io.sparsa.cpu.parallel.CpuThreadPool;
import io.sparsa.cpu.vector.CpuKernels;
import io.sparsa.cpu.vector.SortKeys;

import java.util.Arrays;

/**
 * k-winners-take-all by selection, not sorting. A row is read once or twice and written once
 * ({@link RowSelector}: a counting pass against trial thresholds, often skipped, then an output
 * pass), and only the few units whose fate the counts leave open go through an exact selection.
 * Rows run in parallel; each thread keeps its work buffers between calls.
 */
public final class KWinners {
    /** Elements per task at the least, so short rows are batched into one task. */
    private static final int MIN_ELEMENTS_PER_TASK = 1 << 14;

    private final CpuKernels kernels;
    private final CpuThreadPool pool;
    private final ThreadLocal<RowSelector> selectors;

    public KWinners(CpuKernels kernels, CpuThreadPool pool) {
        this.kernels = kernels;
        this.pool = pool;
        WinnerScan scan = WinnerScan.matching(kernels);
        this.selectors = ThreadLocal.withInitial(() -> new RowSelector(kernels, scan));
    }

    /**
     * Rows of x {@code [batch, n]}; boost null or of {@code groups} entries, each covering
     * {@code n / groups} consecutive units; k already clamped to {@code [1, n]}.
     */
    public void forward(float[] x, int batch, int n, float[] boost, int k, float[] out, int[] indices) {
        int groupSize = boost == null ? n : n / boost.length;
        int rowsPerTask = Math.max(1, MIN_ELEMENTS_PER_TASK / Math.max(1, n));
        pool.forRange(batch, rowsPerTask, (b0, b1) -> {
            RowSelector selector = selectors.get();
            selector.start(n, boost);
            for (int b = b0; b < b1; b++) {
                int row = b * n;
                if (!selector.select(x, row, n, k, out, row, indices, b * k)) {
                    throw nanScore(x, row, n, boost, groupSize, b);
                }
            }
        });
    }

    /**
     * The local variant over x {@code [batch, channels, plane]}: at every (b, position) the k
     * channels with the largest {@code x * boost[c]} win. Keys are gathered per position into a
     * short contiguous row, and the same selection runs on it.
     */
    public void forwardLocal(float[] x, int batch, int channels, int plane, float[] boost, int k, float[] out,
                             int[] indices) {
        int positions = batch * plane;
        int perTask = Math.max(1, MIN_ELEMENTS_PER_TASK / Math.max(1, channels));
        pool.forRange(positions, perTask, (q0, q1) -> {
            int[] keys = new int[channels];
            KeySelection selection = new KeySelection(kernels);
            for (int q = q0; q < q1; q++) {
                int b = q / plane;
                int p = q % plane;
                int base = b * channels * plane + p;
                for (int c = 0; c < channels; c++) {
                    float s = boost == null ? x[base + c * plane] : x[base + c * plane] * boost[c];
                    if (s != s) {
                        throw new IllegalArgumentException("argument 'x': the boosted score at [" + b + ", " + c + ", "
                                + "position " + p + "] is NaN (x = " + x[base + c * plane]
                                + "); k-winners needs comparable scores");
                    }
                    keys[c] = SortKeys.of(s);
                }
                int threshold = Integer.MIN_VALUE;
                int lastTie = channels - 1;
                if (k < channels) {
                    selection.select(keys, 0, channels, k);
                    threshold = selection.threshold;
                    lastTie = selection.lastTie(keys, 0, channels, k);
                }
                int w = 0;
                for (int c = 0; c < channels; c++) {
                    int key = keys[c];
                    int at = base + c * plane;
                    if (key > threshold || (key == threshold && c <= lastTie)) {
                        out[at] = x[at];
                        indices[(b * k + w++) * plane + p] = c;
                    } else {
                        out[at] = 0f;
                    }
                }
            }
        });
    }

    /** {@code dx = dy} at the listed winners of each row, 0 elsewhere; rows of n, k indices each. */
    public void backward(float[] dy, int[] indices, int batch, int n, int k, float[] dx) {
        pool.forRange(batch, Math.max(1, MIN_ELEMENTS_PER_TASK / Math.max(1, n)), (b0, b1) -> {
            Arrays.fill(dx, b0 * n, b1 * n, 0f);
            for (int b = b0; b < b1; b++) {
                for (int j = 0; j < k; j++) {
                    int i = indices[b * k + j];
                    if (i < 0 || i >= n) {
                        throw new IllegalArgumentException("argument 'indices': entry [" + b + ", " + j + "] is " + i
                                + ", expected a unit in [0, " + n + ")");
                    }
                    dx[b * n + i] = dy[b * n + i];
                }
            }
        });
    }

    /** Local backward: indices {@code [batch, k, plane]} hold channels. */
    public void backwardLocal(float[] dy, int[] indices, int batch, int channels, int plane, int k, float[] dx) {
        int sample = channels * plane;
        pool.forRange(batch, Math.max(1, MIN_ELEMENTS_PER_TASK / Math.max(1, sample)), (b0, b1) -> {
            Arrays.fill(dx, b0 * sample, b1 * sample, 0f);
            for (int b = b0; b < b1; b++) {
                for (int j = 0; j < k; j++) {
                    for (int p = 0; p < plane; p++) {
                        int c = indices[(b * k + j) * plane + p];
                        if (c < 0 || c >= channels) {
                            throw new IllegalArgumentException("argument 'indices': entry [" + b + ", " + j
                                    + ", position " + p + "] is " + c + ", expected a channel in [0, " + channels + ")");
                        }
                        int at = b * sample + c * plane + p;
                        dx[at] = dy[at];
                    }
                }
            }
        });
    }

    private static IllegalArgumentException nanScore(float[] x, int row, int n, float[] boost, int groupSize, int b) {
        for (int i = 0; i < n; i++) {
            float s = boost == null ? x[row + i] : x[row + i] * boost[i / groupSize];
            if (s != s) {
                return new IllegalArgumentException("argument 'x': the boosted score of element [" + b + ", " + i
                        + "] is NaN (x = " + x[row + i] + "); k-winners needs comparable scores");
            }
        }
        return new IllegalArgumentException("argument 'x': a boosted score of row " + b + " is NaN");
    }
}
