package io.sparsa.cpu.sparse;

import io.sparsa.cpu.parallel.CpuThreadPool;

/**
 * k-sparse activations times transposed sparse weights: each active input adds its weight row
 * (the outputs it feeds) into the sample's output, so the work is the number of active inputs
 * times their fan-out, independent of the dense width. Samples run in parallel.
 */
public final class SparseSparseMatmul {
    /** Samples per task at the least. */
    private static final int MIN_SAMPLES_PER_TASK = 4;

    private final CpuThreadPool pool;

    public SparseSparseMatmul(CpuThreadPool pool) {
        this.pool = pool;
    }

    /**
     * {@code y[b, o] = bias[o] + sum_j xValues[b, j] * wT[xIndices[b, j], o]}, with wT in CSR
     * ({@code offsets}, {@code columns}, {@code values}) of {@code inputs} rows and {@code outputs} columns.
     *
     * @param distinctColumns whether no row of wT repeats a column (then four updates of a row
     *                        may be read before any is written)
     */
    public void multiply(int[] xIndices, float[] xValues, int batch, int k, int[] offsets, int[] columns,
                         float[] values, int inputs, int outputs, float[] bias, float[] y, boolean distinctColumns) {
        pool.forRange(batch, MIN_SAMPLES_PER_TASK, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                int yOff = b * outputs;
                if (bias == null) {
                    java.util.Arrays.fill(y, yOff, yOff + outputs, 0f);
                } else {
                    System.arraycopy(bias, 0, y, yOff, outputs);
                }
                for (int j = 0; j < k; j++) {
                    int input = xIndices[b * k + j];
                    if (input < 0 || input >= inputs) {
                        throw new IllegalArgumentException("argument 'xIndices': entry [" + b + ", " + j + "] is " + input
                                + ", expected an input index in [0, " + inputs + ")");
                    }
                    float v = xValues[b * k + j];
                    int e = offsets[input];
                    int end = offsets[input + 1];
                    if (distinctColumns) {
                        // Four independent read-modify-writes per step: the loads issue before the
                        // stores, so the core need not wait on possible aliasing between them.
                        for (; e + 3 < end; e += 4) {
                            int c0 = yOff + columns[e];
                            int c1 = yOff + columns[e + 1];
                            int c2 = yOff + columns[e + 2];
                            int c3 = yOff + columns[e + 3];
                            float y0 = y[c0] + v * values[e];
                            float y1 = y[c1] + v * values[e + 1];
                            float y2 = y[c2] + v * values[e + 2];
                            float y3 = y[c3] + v * values[e + 3];
                            y[c0] = y0;
                            y[c1] = y1;
                            y[c2] = y2;
                            y[c3] = y3;
                        }
                    }
                    for (; e < end; e++) {
                        y[yOff + columns[e]] += v * values[e];
                    }
                }
            }
        });
    }
}
