package io.sparsa.cpu.conv;

import io.sparsa.cpu.parallel.CpuThreadPool;

import java.util.Arrays;

/** Max pooling without padding, planes in parallel; ties and NaN as the reference settles them. */
public final class MaxPool2d {
    private final CpuThreadPool pool;

    public MaxPool2d(CpuThreadPool pool) {
        this.pool = pool;
    }

    /** Planes of {@code h x w}; the first element of a window starts as the maximum and only {@code >} replaces it. */
    public void forward(float[] x, int planes, int h, int w, int kernel, int stride, float[] y, int[] argmax) {
        int outH = (h - kernel) / stride + 1;
        int outW = (w - kernel) / stride + 1;
        pool.forRange(planes, Math.max(1, (1 << 14) / (h * w)), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int in = p * h * w;
                int out = p * outH * outW;
                for (int oh = 0; oh < outH; oh++) {
                    for (int ow = 0; ow < outW; ow++) {
                        int bestPos = oh * stride * w + ow * stride;
                        float best = x[in + bestPos];
                        for (int i = 0; i < kernel; i++) {
                            int rowPos = (oh * stride + i) * w + ow * stride;
                            for (int j = 0; j < kernel; j++) {
                                float v = x[in + rowPos + j];
                                if (v > best) {
                                    best = v;
                                    bestPos = rowPos + j;
                                }
                            }
                        }
                        y[out + oh * outW + ow] = best;
                        argmax[out + oh * outW + ow] = bestPos;
                    }
                }
            }
        });
    }

    /** {@code dx} (overwritten): every dy element added at its window's arg-max. */
    public void backward(float[] dy, int[] argmax, int planes, int perOut, int perIn, int inH, int inW, float[] dx) {
        pool.forRange(planes, Math.max(1, (1 << 14) / Math.max(1, perIn)), (p0, p1) -> {
            Arrays.fill(dx, p0 * perIn, p1 * perIn, 0f);
            for (int p = p0; p < p1; p++) {
                for (int q = 0; q < perOut; q++) {
                    int pos = argmax[p * perOut + q];
                    if (pos < 0 || pos >= perIn) {
                        throw new IllegalArgumentException("argument 'argmax': element " + (p * perOut + q) + " is " + pos
                                + ", expected a position in [0, " + perIn + ") of the " + inH + "x" + inW
                                + " input plane");
                    }
                    dx[p * perIn + pos] += dy[p * perOut + q];
                }
            }
        });
    }
}
