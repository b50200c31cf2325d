package io.sparsa.cpu.conv;

import io.sparsa.cpu.gemm.Gemm;
import io.sparsa.cpu.parallel.CpuThreadPool;
import io.sparsa.cpu.parallel.Scratch;
import io.sparsa.cpu.vector.CpuKernels;

import java.util.Arrays;

/**
 * Convolutions as products with the im2col matrix of each image: dense weights go through
 * {@link Gemm}, ELL-sparse weights through the sparse-row kernels, where the im2col matrix plays
 * the part of the batch-transposed activations (each tap row is a contiguous run of positions).
 *
 * <p>With at least as many images as threads, each thread takes whole images with its own im2col
 * buffer and single-threaded kernels; otherwise images go one at a time with the work inside
 * each image split across threads.
 */
public final class Conv2d {
    private final CpuKernels kernels;
    private final CpuThreadPool pool;
    private final Gemm gemm;
    /** The im2col matrix of the image a thread works on; always fully written before it is read. */
    private final Scratch columnBuffers = new Scratch();

    public Conv2d(CpuKernels kernels, CpuThreadPool pool, Gemm gemm) {
        this.kernels = kernels;
        this.pool = pool;
        this.gemm = gemm;
    }

    /** Whether whole images go to threads (else: one image at a time, parallel inside). */
    private boolean perImage(ConvShape s) {
        return s.batch() >= pool.threads();
    }

    // ---- dense ------------------------------------------------------------------------------

    /** {@code y = conv(x, w) + bias}; w {@code [Cout, taps]} row-major. */
    public void forward(float[] x, float[] w, float[] bias, ConvShape s, float[] y) {
        int taps = s.taps();
        int positions = s.positions();
        int cout = s.outChannels();
        ImageBody body = (n, cols, parallel) -> {
            Im2col.im2col(x, n * s.inImage(), s, cols);
            int yOff = n * s.outImage();
            fillBias(bias, cout, positions, y, yOff);
            float beta = bias == null ? 0f : 1f;
            if (parallel) {
                gemm.multiply(pool, false, false, cout, positions, taps, 1f, w, 0, taps, cols, 0, positions, beta, y,
                        yOff, positions);
            } else {
                gemm.multiplySerial(false, false, cout, positions, taps, 1f, w, 0, taps, cols, 0, positions, beta, y,
                        yOff, positions);
            }
        };
        forImages(s, body);
    }

    /** {@code dx} from dy: the transposed weights times dy, folded back by col2im. */
    public void backwardData(float[] dy, float[] w, ConvShape s, float[] dx) {
        int taps = s.taps();
        int positions = s.positions();
        int cout = s.outChannels();
        forImages(s, (n, cols, parallel) -> {
            int dyOff = n * s.outImage();
            if (parallel) {
                gemm.multiply(pool, true, false, taps, positions, cout, 1f, w, 0, taps, dy, dyOff, positions, 0f, cols,
                        0, positions);
            } else {
                gemm.multiplySerial(true, false, taps, positions, cout, 1f, w, 0, taps, dy, dyOff, positions, 0f, cols,
                        0, positions);
            }
            int dxOff = n * s.inImage();
            Arrays.fill(dx, dxOff, dxOff + s.inImage(), 0f);
            Im2col.col2im(cols, s, dx, dxOff);
        });
    }

    /** {@code dw = sum_n dy[n] * cols[n]^T} (overwritten) and the bias gradient (unless null). */
    public void backwardWeights(float[] x, float[] dy, ConvShape s, float[] dw, float[] dBias) {
        int taps = s.taps();
        int positions = s.positions();
        int cout = s.outChannels();
        accumulateOverImages(s, cout * taps, dw, (n, cols, acc, parallel) -> {
            Im2col.im2col(x, n * s.inImage(), s, cols);
            int dyOff = n * s.outImage();
            if (parallel) {
                gemm.multiply(pool, false, true, cout, taps, positions, 1f, dy, dyOff, positions, cols, 0, positions, 1f,
                        acc, 0, taps);
            } else {
                gemm.multiplySerial(false, true, cout, taps, positions, 1f, dy, dyOff, positions, cols, 0, positions, 1f,
                        acc, 0, taps);
            }
        });
        if (dBias != null) {
            biasGradient(dy, s, dBias);
        }
    }

    // ---- ELL-sparse weights -------------------------------------------------------------------

    /** {@code y[n, o] = bias[o] + sum_j values[o, j] * cols[columns[o, j], :]}. */
    public void sparseForward(float[] x, int[] columns, float[] values, int nnz, float[] bias, ConvShape s,
                              float[] y) {
        int positions = s.positions();
        int cout = s.outChannels();
        forImages(s, (n, cols, parallel) -> {
            Im2col.im2col(x, n * s.inImage(), s, cols);
            int yOff = n * s.outImage();
            CpuThreadPool.RangeBody rows = (o0, o1) -> {
                for (int o = o0; o < o1; o++) {
                    kernels.sparseRowTimesDense(values, columns, o * nnz, (o + 1) * nnz, cols, 0, positions, positions,
                            bias == null ? 0f : bias[o], y, yOff + o * positions);
                }
            };
            runRows(parallel, cout, rows);
        });
    }

    /** dx through the transposed mask ({@code offsets/rows/tValues}: CSR of the weights' transpose). */
    public void sparseBackwardData(float[] dy, int[] offsets, int[] rows, float[] tValues, ConvShape s, float[] dx) {
        int positions = s.positions();
        int taps = s.taps();
        forImages(s, (n, cols, parallel) -> {
            int dyOff = n * s.outImage();
            CpuThreadPool.RangeBody tapRows = (t0, t1) -> {
                for (int t = t0; t < t1; t++) {
                    kernels.sparseRowTimesDense(tValues, rows, offsets[t], offsets[t + 1], dy, dyOff, positions,
                            positions, 0f, cols, t * positions);
                }
            };
            runRows(parallel, taps, tapRows);
            int dxOff = n * s.inImage();
            Arrays.fill(dx, dxOff, dxOff + s.inImage(), 0f);
            Im2col.col2im(cols, s, dx, dxOff);
        });
    }

    /** {@code dValues[o, j] = sum_n dot(dy[n, o, :], cols[n][columns[o, j], :])} and the bias gradient. */
    public void sparseBackwardWeights(float[] x, float[] dy, int[] columns, int nnz, ConvShape s, float[] dValues,
                                      float[] dBias) {
        int positions = s.positions();
        int cout = s.outChannels();
        accumulateOverImages(s, cout * nnz, dValues, (n, cols, acc, parallel) -> {
            Im2col.im2col(x, n * s.inImage(), s, cols);
            int dyOff = n * s.outImage();
            runRows(parallel, cout, (o0, o1) -> {
                for (int o = o0; o < o1; o++) {
                    kernels.sparseRowDots(columns, o * nnz, (o + 1) * nnz, cols, 0, positions, positions, dy,
                            dyOff + o * positions, acc, o * nnz);
                }
            });
        });
        if (dBias != null) {
            biasGradient(dy, s, dBias);
        }
    }

    // ---- shared plumbing --------------------------------------------------------------------

    private interface ImageBody {
        /** Processes image n with a private im2col buffer; {@code parallel}: may use the whole pool. */
        void run(int n, float[] cols, boolean parallel);
    }

    private interface AccumulatingBody {
        /** Adds image n's contribution into {@code acc}. */
        void run(int n, float[] cols, float[] acc, boolean parallel);
    }

    private void forImages(ConvShape s, ImageBody body) {
        int colsSize = s.taps() * s.positions();
        if (perImage(s)) {
            pool.forRange(s.batch(), 1, (n0, n1) -> {
                float[] cols = columnBuffers.floats(colsSize);
                for (int n = n0; n < n1; n++) {
                    body.run(n, cols, false);
                }
            });
        } else {
            float[] cols = columnBuffers.floats(colsSize);
            for (int n = 0; n < s.batch(); n++) {
                body.run(n, cols, true);
            }
        }
    }

    /** Sums per-image contributions into {@code out} (overwritten), with one partial sum per thread. */
    private void accumulateOverImages(ConvShape s, int size, float[] out, AccumulatingBody body) {
        int colsSize = s.taps() * s.positions();
        Arrays.fill(out, 0, size, 0f);
        if (perImage(s)) {
            int parts = pool.parts(s.batch(), 1);
            float[][] partial = new float[parts][];
            pool.forEachTask(parts, t -> {
                float[] cols = columnBuffers.floats(colsSize);
                float[] acc = new float[size];
                for (int n = CpuThreadPool.split(s.batch(), parts, t); n < CpuThreadPool.split(s.batch(), parts, t + 1);
                     n++) {
                    body.run(n, cols, acc, false);
                }
                partial[t] = acc;
            });
            for (float[] acc : partial) {
                kernels.add(acc, 0, out, 0, size);
            }
        } else {
            float[] cols = columnBuffers.floats(colsSize);
            for (int n = 0; n < s.batch(); n++) {
                body.run(n, cols, out, true);
            }
        }
    }

    private void runRows(boolean parallel, int rows, CpuThreadPool.RangeBody body) {
        if (parallel) {
            pool.forRange(rows, 1, body);
        } else {
            body.run(0, rows);
        }
    }

    private static void fillBias(float[] bias, int cout, int positions, float[] y, int yOff) {
        if (bias != null) {
            for (int o = 0; o < cout; o++) {
                Arrays.fill(y, yOff + o * positions, yOff + (o + 1) * positions, bias[o]);
            }
        }
    }

    /** {@code dBias[o] = sum over images and positions of dy}, accumulated in double. */
    private void biasGradient(float[] dy, ConvShape s, float[] dBias) {
        int positions = s.positions();
        pool.forRange(s.outChannels(), 1, (o0, o1) -> {
            for (int o = o0; o < o1; o++) {
                double sum = 0;
                for (int n = 0; n < s.batch(); n++) {
                    int off = n * s.outImage() + o * positions;
                    for (int p = 0; p < positions; p++) {
                        sum += dy[off + p];
                    }
                }
                dBias[o] = (float) sum;
            }
        });
    }
}
