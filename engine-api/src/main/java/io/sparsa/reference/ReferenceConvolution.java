package io.sparsa.reference;

import io.sparsa.backend.ops.Conv2dGeometry;
import io.sparsa.tensor.Tensor;

import java.util.Arrays;

/**
 * The reference's convolution loops, shared by the dense and the ELL-sparse convolutions: a dense
 * weight {@code [Cout, Cin, kh, kw]} is the sparse one whose every row keeps every tap, tap
 * {@code (c * kh + i) * kw + j} standing for weight {@code [o, c, i, j]}. Sums run in double.
 */
final class ReferenceConvolution {
    private ReferenceConvolution() {
    }

    /**
     * The columns of a dense weight {@code [rows, taps]} in ELL form: every row keeps every tap.
     * With it a dense convolution is the sparse one whose mask keeps everything, so both share the
     * loops below.
     */
    static int[] allTaps(int rows, int taps) {
        int[] cols = new int[rows * taps];
        for (int o = 0; o < rows; o++) {
            for (int t = 0; t < taps; t++) {
                cols[o * taps + t] = t;
            }
        }
        return cols;
    }

    /**
     * {@code y[n, o, oh, ow] = bias[o] + sum_e vals[o, e] * x[n, c, oh*sh - ph + i, ow*sw - pw + j]},
     * where tap {@code cols[o, e] = (c * kh + i) * kw + j}; taps that fall in the padding read 0.
     */
    static void forward(Tensor x, int[] cols, float[] vals, int outChannels, int nnz, Conv2dGeometry g,
                                    Tensor bias, Tensor y) {
        int batch = x.dim(0);
        int inChannels = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int outH = g.outH(h);
        int outW = g.outW(w);
        float[] xv = ReferenceBackend.floats(x);
        float[] bv = bias == null ? null : ReferenceBackend.floats(bias);
        float[] yv = ReferenceBackend.floats(y);
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < outChannels; o++) {
                for (int oh = 0; oh < outH; oh++) {
                    for (int ow = 0; ow < outW; ow++) {
                        double sum = bv == null ? 0 : bv[o];
                        for (int e = 0; e < nnz; e++) {
                            int tap = cols[o * nnz + e];
                            int c = tap / (g.kernelH() * g.kernelW());
                            int ih = oh * g.strideH() - g.padH() + (tap / g.kernelW()) % g.kernelH();
                            int iw = ow * g.strideW() - g.padW() + tap % g.kernelW();
                            if (ih >= 0 && ih < h && iw >= 0 && iw < w) {
                                sum += (double) vals[o * nnz + e] * xv[((n * inChannels + c) * h + ih) * w + iw];
                            }
                        }
                        yv[((n * outChannels + o) * outH + oh) * outW + ow] = (float) sum;
                    }
                }
            }
        }
    }

    /**
     * The dense forward pass written from the inputs' side, as {@code conv2dSparseInput} is
     * specified: every nonzero {@code x[n, c, ih, iw]} adds {@code x * w[o, c, i, j]} to each output
     * {@code (oh, ow)} with {@code oh * sh - ph + i = ih} and {@code ow * sw - pw + j = iw}. Zero
     * inputs are skipped; sums run in double from the bias. Being a different loop from
     * {@link #forward}, it is an independent check of the dense convolution too.
     */
    static void forwardFromNonzeroInputs(Tensor x, float[] wv, int outChannels, Conv2dGeometry g, Tensor bias,
                                         Tensor y) {
        int batch = x.dim(0);
        int inChannels = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int outH = g.outH(h);
        int outW = g.outW(w);
        int kh = g.kernelH();
        int kw = g.kernelW();
        float[] xv = ReferenceBackend.floats(x);
        float[] bv = bias == null ? null : ReferenceBackend.floats(bias);
        float[] yv = ReferenceBackend.floats(y);
        double[] acc = new double[outChannels * outH * outW];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < outChannels; o++) {
                Arrays.fill(acc, o * outH * outW, (o + 1) * outH * outW, bv == null ? 0 : bv[o]);
            }
            for (int c = 0; c < inChannels; c++) {
                for (int ih = 0; ih < h; ih++) {
                    for (int iw = 0; iw < w; iw++) {
                        float v = xv[((n * inChannels + c) * h + ih) * w + iw];
                        if (v == 0f) {
                            continue;
                        }
                        for (int i = 0; i < kh; i++) {
                            int rowNumerator = ih + g.padH() - i;
                            if (rowNumerator < 0 || rowNumerator % g.strideH() != 0 || rowNumerator / g.strideH() >= outH) {
                                continue;
                            }
                            int oh = rowNumerator / g.strideH();
                            for (int j = 0; j < kw; j++) {
                                int colNumerator = iw + g.padW() - j;
                                if (colNumerator < 0 || colNumerator % g.strideW() != 0
                                        || colNumerator / g.strideW() >= outW) {
                                    continue;
                                }
                                int ow = colNumerator / g.strideW();
                                for (int o = 0; o < outChannels; o++) {
                                    acc[(o * outH + oh) * outW + ow] += (double) v * wv[((o * inChannels + c) * kh + i) * kw + j];
                                }
                            }
                        }
                    }
                }
            }
            int yOff = n * outChannels * outH * outW;
            for (int e = 0; e < acc.length; e++) {
                yv[yOff + e] = (float) acc[e];
            }
        }
    }

    /** Scatters every {@code dy * weight} product back to the input position the forward pass read. */
    static void backwardData(Tensor dy, int[] cols, float[] vals, int outChannels, int nnz,
                                         Conv2dGeometry g, Tensor dx) {
        int batch = dx.dim(0);
        int inChannels = dx.dim(1);
        int h = dx.dim(2);
        int w = dx.dim(3);
        int outH = g.outH(h);
        int outW = g.outW(w);
        float[] dyv = ReferenceBackend.floats(dy);
        float[] dxv = ReferenceBackend.floats(dx);
        double[] acc = new double[dx.size()];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < outChannels; o++) {
                for (int oh = 0; oh < outH; oh++) {
                    for (int ow = 0; ow < outW; ow++) {
                        double grad = dyv[((n * outChannels + o) * outH + oh) * outW + ow];
                        for (int e = 0; e < nnz; e++) {
                            int tap = cols[o * nnz + e];
                            int c = tap / (g.kernelH() * g.kernelW());
                            int ih = oh * g.strideH() - g.padH() + (tap / g.kernelW()) % g.kernelH();
                            int iw = ow * g.strideW() - g.padW() + tap % g.kernelW();
                            if (ih >= 0 && ih < h && iw >= 0 && iw < w) {
                                acc[((n * inChannels + c) * h + ih) * w + iw] += grad * vals[o * nnz + e];
                            }
                        }
                    }
                }
            }
        }
        for (int i = 0; i < acc.length; i++) {
            dxv[i] = (float) acc[i];
        }
    }

    /** {@code dVals[o, e] = sum over n, oh, ow of dy[n, o, oh, ow] * (the input tap e read)}. */
    static void backwardWeights(Tensor x, Tensor dy, int[] cols, int outChannels, int nnz,
                                            Conv2dGeometry g, float[] dVals, Tensor dBias) {
        int batch = x.dim(0);
        int inChannels = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int outH = g.outH(h);
        int outW = g.outW(w);
        float[] xv = ReferenceBackend.floats(x);
        float[] dyv = ReferenceBackend.floats(dy);
        for (int o = 0; o < outChannels; o++) {
            for (int e = 0; e < nnz; e++) {
                int tap = cols[o * nnz + e];
                int c = tap / (g.kernelH() * g.kernelW());
                int i = (tap / g.kernelW()) % g.kernelH();
                int j = tap % g.kernelW();
                double sum = 0;
                for (int n = 0; n < batch; n++) {
                    for (int oh = 0; oh < outH; oh++) {
                        int ih = oh * g.strideH() - g.padH() + i;
                        if (ih < 0 || ih >= h) {
                            continue;
                        }
                        for (int ow = 0; ow < outW; ow++) {
                            int iw = ow * g.strideW() - g.padW() + j;
                            if (iw >= 0 && iw < w) {
                                sum += (double) dyv[((n * outChannels + o) * outH + oh) * outW + ow]
                                        * xv[((n * inChannels + c) * h + ih) * w + iw];
                            }
                        }
                    }
                }
                dVals[o * nnz + e] = (float) sum;
            }
        }
        if (dBias != null) {
            float[] db = ReferenceBackend.floats(dBias);
            for (int o = 0; o < outChannels; o++) {
                double sum = 0;
                for (int n = 0; n < batch; n++) {
                    for (int p = 0; p < outH * outW; p++) {
                        sum += dyv[(n * outChannels + o) * outH * outW + p];
                    }
                }
                db[o] = (float) sum;
            }
        }
    }
}
