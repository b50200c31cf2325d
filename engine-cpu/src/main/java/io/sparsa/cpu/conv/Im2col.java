package io.sparsa.cpu.conv;

import io.sparsa.backend.ops.Conv2dGeometry;

/**
 * Unfolds one image into the matrix {@code cols[tap, position]} whose product with the weights is
 * the convolution, and folds gradients back ({@link #col2im}). Tap {@code (c * kh + i) * kw + j}
 * at output position {@code (oh, ow)} reads input {@code (c, oh * sh - ph + i, ow * sw - pw + j)},
 * or 0 in the padding; this is the column order of the ELL convolution weights.
 */
final class Im2col {
    private Im2col() {
    }

    static void im2col(float[] x, int xOff, ConvShape s, float[] cols) {
        Conv2dGeometry g = s.g();
        int outH = s.outH();
        int outW = s.outW();
        int positions = outH * outW;
        for (int c = 0; c < s.inChannels(); c++) {
            for (int i = 0; i < g.kernelH(); i++) {
                for (int j = 0; j < g.kernelW(); j++) {
                    int row = ((c * g.kernelH() + i) * g.kernelW() + j) * positions;
                    int lo = firstInside(j, g.padW(), g.strideW());
                    int hi = Math.min(outW, lastInside(j, g.padW(), g.strideW(), s.w()) + 1);
                    for (int oh = 0; oh < outH; oh++) {
                        int dst = row + oh * outW;
                        int ih = oh * g.strideH() - g.padH() + i;
                        if (ih < 0 || ih >= s.h() || lo >= hi) {
                            java.util.Arrays.fill(cols, dst, dst + outW, 0f);
                            continue;
                        }
                        int src = xOff + (c * s.h() + ih) * s.w() - g.padW() + j;
                        java.util.Arrays.fill(cols, dst, dst + lo, 0f);
                        if (g.strideW() == 1) {
                            System.arraycopy(x, src + lo, cols, dst + lo, hi - lo);
                        } else {
                            for (int ow = lo; ow < hi; ow++) {
                                cols[dst + ow] = x[src + ow * g.strideW()];
                            }
                        }
                        java.util.Arrays.fill(cols, dst + hi, dst + outW, 0f);
                    }
                }
            }
        }
    }

    /** Adds {@code cols} back into the image at {@code dx[dxOff ..]} (which the caller zeroed). */
    static void col2im(float[] cols, ConvShape s, float[] dx, int dxOff) {
        Conv2dGeometry g = s.g();
        int outH = s.outH();
        int outW = s.outW();
        int positions = outH * outW;
        for (int c = 0; c < s.inChannels(); c++) {
            for (int i = 0; i < g.kernelH(); i++) {
                for (int j = 0; j < g.kernelW(); j++) {
                    int row = ((c * g.kernelH() + i) * g.kernelW() + j) * positions;
                    int lo = firstInside(j, g.padW(), g.strideW());
                    int hi = Math.min(outW, lastInside(j, g.padW(), g.strideW(), s.w()) + 1);
                    for (int oh = 0; oh < outH; oh++) {
                        int ih = oh * g.strideH() - g.padH() + i;
                        if (ih < 0 || ih >= s.h()) {
                            continue;
                        }
                        int src = row + oh * outW;
                        int dst = dxOff + (c * s.h() + ih) * s.w() - g.padW() + j;
                        for (int ow = lo; ow < hi; ow++) {
                            dx[dst + ow * g.strideW()] += cols[src + ow];
                        }
                    }
                }
            }
        }
    }

    /** Smallest ow with {@code ow * stride - pad + j >= 0}. */
    private static int firstInside(int j, int pad, int stride) {
        int need = pad - j;
        return need <= 0 ? 0 : (need + stride - 1) / stride;
    }

    /** Largest ow with {@code ow * stride - pad + j <= w - 1} (may be negative). */
    private static int lastInside(int j, int pad, int stride, int w) {
        int room = w - 1 + pad - j;
        return room < 0 ? -1 : room / stride;
    }
}
