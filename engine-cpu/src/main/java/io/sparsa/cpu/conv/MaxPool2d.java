package io.sparsa.cpu.conv;

import io.sparsa.cpu.parallel.CpuThreadPool;

import java.util.Arrays;

/**
 * Max pooling without padding, planes in parallel; ties and NaN as the reference settles them.
 *
 * <p>For 2 x 2 windows the forward pass selects without branches: comparing floats with
 * {@code if (v > best)} mispredicts about every other window on real activations, and C2 does not
 * reliably turn the comparison into a conditional move. Each element's bits become an int that
 * orders like the float ({@link #orderKey}, {@code -0.0} equal to {@code +0.0}); the comparison of
 * two keys becomes a 0/1 from the sign of their (long) difference, and the winner's key and
 * position are picked by masking, keeping the earlier element unless the later one is strictly
 * greater, as the rule says. NaN has no place in that order, so a plane with a NaN in some window
 * is pooled again by {@link #branchingPlane}, the plain loop that states the rule directly.
 */
public final class MaxPool2d {
    /** Below this, an {@code abs(bits)} is a number; above it a NaN. */
    private static final int INFINITY_BITS = 0x7f800000;

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
                forwardPlane(x, p * h * w, h, w, kernel, stride, y, argmax, p * outH * outW);
            }
        });
    }

    /** One plane at {@code x[in ..]} into {@code y[out ..]} and {@code argmax[out ..]}. */
    static void forwardPlane(float[] x, int in, int h, int w, int kernel, int stride, float[] y, int[] argmax,
                             int out) {
        // Larger windows rarely replace their running maximum late, so their branches predict
        // well; measured, masking made 3 x 3 windows slower, not faster.
        if (kernel != 2 || selectTwoByTwo(x, in, h, w, stride, y, argmax, out) < 0) {
            branchingPlane(x, in, h, w, kernel, stride, y, argmax, out);
        }
    }

    /**
     * Kernel 2 (the paper's pools, there with stride 2), two input rows per output row.
     *
     * @return negative if some window held a NaN (the outputs are then to be redone)
     */
    private static int selectTwoByTwo(float[] x, int in, int h, int w, int stride, float[] y, int[] argmax,
                                      int out) {
        int outH = (h - 2) / stride + 1;
        int outW = (w - 2) / stride + 1;
        int nan = 0;
        for (int oh = 0; oh < outH; oh++) {
            int top = in + oh * stride * w;
            int bottom = top + w;
            int o = out + oh * outW;
            for (int ow = 0; ow < outW; ow++) {
                int col = ow * stride;
                int a = Float.floatToRawIntBits(x[top + col]);
                int b = Float.floatToRawIntBits(x[top + col + 1]);
                int c = Float.floatToRawIntBits(x[bottom + col]);
                int d = Float.floatToRawIntBits(x[bottom + col + 1]);
                nan |= nanSign(a) | nanSign(b) | nanSign(c) | nanSign(d);
                int ka = orderKey(a);
                int kb = orderKey(b);
                int kc = orderKey(c);
                int kd = orderKey(d);
                // Each pair keeps its first element unless the second is strictly greater; the
                // upper pair precedes the lower one in row-major order, so it wins ties too.
                int upperWins = greater(kb, ka);
                int upperKey = ka + ((kb - ka) & -upperWins);
                int upperAt = top + col + upperWins;
                int lowerWins = greater(kd, kc);
                int lowerKey = kc + ((kd - kc) & -lowerWins);
                int lowerAt = bottom + col + lowerWins;
                int at = upperAt + ((lowerAt - upperAt) & -greater(lowerKey, upperKey));
                y[o + ow] = x[at];
                argmax[o + ow] = at - in;
            }
        }
        return nan;
    }

    /**
     * A signed int that orders numbers as {@code <} does, with both zeros equal: the magnitude,
     * negated for a set sign bit.
     */
    static int orderKey(int bits) {
        int sign = bits >> 31;
        return ((bits & 0x7fffffff) ^ sign) - sign;
    }

    /** 1 if {@code a > b}, else 0, without a branch (the difference of two ints fits a long). */
    private static int greater(int a, int b) {
        return (int) (((long) b - a) >>> 63);
    }

    /** Negative exactly when {@code bits} is a NaN. */
    private static int nanSign(int bits) {
        return INFINITY_BITS - (bits & 0x7fffffff);
    }

    /**
     * The rule as stated, a comparison branch per element: the path of larger windows, the
     * twin of the 2 x 2 path and its NaN fallback.
     */
    static void branchingPlane(float[] x, int in, int h, int w, int kernel, int stride, float[] y, int[] argmax,
                               int out) {
        int outH = (h - kernel) / stride + 1;
        int outW = (w - kernel) / stride + 1;
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
