package io.sparsa.cpu.sparse;

import io.sparsa.cpu.parallel.CpuThreadPool;

/**
 * The ELL products for a batch of one to three samples: plain gathers per sample and row, no
 * transposes. With so few samples there is nothing to vectorise over, and padding a slab to a
 * whole vector would mostly compute zeros.
 */
final class EllGathers {
    /** Rows per thread at the least. */
    private static final int MIN_ROWS = 64;

    private EllGathers() {
    }

    static void forward(CpuThreadPool pool, float[] x, int batch, int cols, int[] columns, float[] values, int rows,
                        int nnz, float[] bias, float[] y) {
        pool.forRange(rows, MIN_ROWS, (o0, o1) -> {
            for (int o = o0; o < o1; o++) {
                for (int b = 0; b < batch; b++) {
                    float sum = bias == null ? 0f : bias[o];
                    for (int e = o * nnz; e < (o + 1) * nnz; e++) {
                        sum += values[e] * x[b * cols + columns[e]];
                    }
                    y[b * rows + o] = sum;
                }
            }
        });
    }

    /** Through the transposed mask, so each input gathers its gradient and threads never collide. */
    static void backwardData(CpuThreadPool pool, float[] dy, int batch, int cols, EllTranspose wT, float[] tValues,
                             int rows, float[] dx) {
        int[] offsets = wT.offsets();
        int[] outputs = wT.rows();
        pool.forRange(cols, MIN_ROWS, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                for (int b = 0; b < batch; b++) {
                    float sum = 0f;
                    for (int t = offsets[i]; t < offsets[i + 1]; t++) {
                        sum += tValues[t] * dy[b * rows + outputs[t]];
                    }
                    dx[b * cols + i] = sum;
                }
            }
        });
    }

    /** Adds into {@code dValues}, which the caller zeroed. */
    static void backwardWeights(CpuThreadPool pool, float[] x, float[] dy, int batch, int cols, int[] columns, int rows,
                                int nnz, float[] dValues) {
        pool.forRange(rows, MIN_ROWS, (o0, o1) -> {
            for (int o = o0; o < o1; o++) {
                for (int b = 0; b < batch; b++) {
                    float g = dy[b * rows + o];
                    for (int e = o * nnz; e < (o + 1) * nnz; e++) {
                        dValues[e] += g * x[b * cols + columns[e]];
                    }
                }
            }
        });
    }
}
