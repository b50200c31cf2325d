package io.sparsa.backend;

import io.sparsa.backend.ops.Conv2dGeometry;
import io.sparsa.backend.ops.CsrMatrix;
import io.sparsa.backend.ops.EllMatrix;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.Shapes;
import io.sparsa.tensor.Tensor;

import java.util.Arrays;

/**
 * Argument checks for every primitive, shared by all backends so that a bad argument gets the
 * same message everywhere: the argument's name, what was expected and what was given. Each
 * backend calls the matching method first thing in each operation.
 */
public final class Checks {
    private Checks() {
    }

    // ---- building blocks -------------------------------------------------------------------

    /** Open, owned by {@code backend}, of {@code dtype}. */
    public static void tensor(Backend backend, String name, Tensor t, DType dtype) {
        if (t == null) {
            throw new IllegalArgumentException("argument '" + name + "' must not be null");
        }
        t.checkOpen(name);
        if (t.backend() != backend) {
            throw new IllegalArgumentException("argument '" + name + "' belongs to backend '" + t.backend().name()
                    + "', expected a tensor of backend '" + backend.name() + "'");
        }
        if (t.dtype() != dtype) {
            throw new IllegalArgumentException("argument '" + name + "' must be " + dtype + ", got " + t.describe());
        }
    }

    /** As {@link #tensor} and of exactly {@code shape}. */
    public static void shape(Backend backend, String name, Tensor t, DType dtype, int... shape) {
        tensor(backend, name, t, dtype);
        if (!Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException("argument '" + name + "' must have shape " + Shapes.format(shape)
                    + ", got " + Shapes.format(t.shape()));
        }
    }

    /** As {@link #tensor} and of rank {@code rank}. */
    public static void rank(Backend backend, String name, Tensor t, DType dtype, int rank) {
        tensor(backend, name, t, dtype);
        if (t.rank() != rank) {
            throw new IllegalArgumentException("argument '" + name + "' must have rank " + rank + ", got shape "
                    + Shapes.format(t.shape()));
        }
    }

    /** Null is allowed; otherwise as {@link #shape}. */
    public static void optionalShape(Backend backend, String name, Tensor t, DType dtype, int... shape) {
        if (t != null) {
            shape(backend, name, t, dtype, shape);
        }
    }

    /** Same shape as {@code ref}. */
    public static void sameShape(Backend backend, String name, Tensor t, DType dtype, Tensor ref) {
        shape(backend, name, t, dtype, ref.shape());
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("argument '" + name + "' must be > 0, got " + value);
        }
    }

    private static void finite(String name, float value) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException("argument '" + name + "' must be finite, got " + value);
        }
    }

    /** A group size for boost or duty tensors of length {@code g} over rows of {@code n}. */
    private static void groups(String name, Tensor groupTensor, int n) {
        if (groupTensor.rank() != 1 || groupTensor.size() == 0 || n % groupTensor.size() != 0) {
            throw new IllegalArgumentException("argument '" + name + "' must be 1-d with a length that divides the row length "
                    + n + ", got shape " + Shapes.format(groupTensor.shape()));
        }
    }

    private static void ell(Backend b, String name, EllMatrix w) {
        if (w == null) {
            throw new IllegalArgumentException("argument '" + name + "' must not be null");
        }
        tensor(b, name + ".columns", w.columns(), DType.INT32);
        tensor(b, name + ".values", w.values(), DType.FLOAT32);
    }

    // ---- one method per primitive ---------------------------------------------------------

    public static void copy(Backend b, Tensor src, Tensor dst) {
        tensor(b, "src", src, src == null ? DType.FLOAT32 : src.dtype());
        tensor(b, "dst", dst, src.dtype());
        if (src.size() != dst.size()) {
            throw new IllegalArgumentException("argument 'dst' must have " + src.size() + " elements like 'src' "
                    + Shapes.format(src.shape()) + ", got " + Shapes.format(dst.shape()));
        }
    }

    public static void fill(Backend b, Tensor t, float value) {
        tensor(b, "t", t, DType.FLOAT32);
    }

    /** Returns {@code {M, N, K}}. */
    public static int[] gemm(Backend b, boolean transA, boolean transB, Tensor a, Tensor bm, Tensor c) {
        rank(b, "a", a, DType.FLOAT32, 2);
        rank(b, "b", bm, DType.FLOAT32, 2);
        rank(b, "c", c, DType.FLOAT32, 2);
        int m = transA ? a.dim(1) : a.dim(0);
        int k = transA ? a.dim(0) : a.dim(1);
        int kb = transB ? bm.dim(1) : bm.dim(0);
        int n = transB ? bm.dim(0) : bm.dim(1);
        if (k != kb) {
            throw new IllegalArgumentException("gemm: inner dimensions differ: op(a) is [" + m + ", " + k
                    + "] but op(b) is [" + kb + ", " + n + "] (transA=" + transA + ", transB=" + transB + ")");
        }
        shape(b, "c", c, DType.FLOAT32, m, n);
        if (c.root() == a.root() || c.root() == bm.root()) {
            throw new IllegalArgumentException("gemm: argument 'c' must not share storage with 'a' or 'b'");
        }
        return new int[]{m, n, k};
    }

    public static void ellMatmul(Backend b, Tensor x, EllMatrix w, Tensor bias, Tensor y) {
        ell(b, "w", w);
        rank(b, "x", x, DType.FLOAT32, 2);
        shape(b, "x", x, DType.FLOAT32, x.dim(0), w.cols());
        optionalShape(b, "bias", bias, DType.FLOAT32, w.rows());
        shape(b, "y", y, DType.FLOAT32, x.dim(0), w.rows());
    }

    public static void ellMatmulBackwardData(Backend b, Tensor dy, EllMatrix w, Tensor dx) {
        ell(b, "w", w);
        rank(b, "dy", dy, DType.FLOAT32, 2);
        shape(b, "dy", dy, DType.FLOAT32, dy.dim(0), w.rows());
        shape(b, "dx", dx, DType.FLOAT32, dy.dim(0), w.cols());
    }

    public static void ellMatmulBackwardWeights(Backend b, Tensor x, Tensor dy, EllMatrix w, Tensor dValues) {
        ell(b, "w", w);
        rank(b, "x", x, DType.FLOAT32, 2);
        shape(b, "x", x, DType.FLOAT32, x.dim(0), w.cols());
        shape(b, "dy", dy, DType.FLOAT32, x.dim(0), w.rows());
        shape(b, "dValues", dValues, DType.FLOAT32, w.rows(), w.nnz());
    }

    public static void sparseSparseMatmul(Backend b, Tensor xIndices, Tensor xValues, CsrMatrix wT, Tensor bias,
                                          Tensor y) {
        if (wT == null) {
            throw new IllegalArgumentException("argument 'wT' must not be null");
        }
        tensor(b, "wT.rowOffsets", wT.rowOffsets(), DType.INT32);
        tensor(b, "wT.columns", wT.columns(), DType.INT32);
        tensor(b, "wT.values", wT.values(), DType.FLOAT32);
        rank(b, "xIndices", xIndices, DType.INT32, 2);
        if (xIndices.dim(1) > wT.rows()) {
            throw new IllegalArgumentException("argument 'xIndices' has " + xIndices.dim(1)
                    + " active units per row, more than the " + wT.rows() + " inputs of 'wT'");
        }
        sameShape(b, "xValues", xValues, DType.FLOAT32, xIndices);
        optionalShape(b, "bias", bias, DType.FLOAT32, wT.cols());
        shape(b, "y", y, DType.FLOAT32, xIndices.dim(0), wT.cols());
    }

    /** Returns the output shape {@code [N, Cout, outH, outW]}. */
    private static int[] convOut(Backend b, Tensor x, int cout, int cin, Conv2dGeometry g) {
        if (g == null) {
            throw new IllegalArgumentException("argument 'g' (conv geometry) must not be null");
        }
        rank(b, "x", x, DType.FLOAT32, 4);
        if (x.dim(1) != cin) {
            throw new IllegalArgumentException("argument 'x' must have " + cin + " channels (dimension 1) to match the weights, got shape "
                    + Shapes.format(x.shape()));
        }
        int oh = g.outH(x.dim(2));
        int ow = g.outW(x.dim(3));
        if (x.dim(2) + 2 * g.padH() < g.kernelH() || x.dim(3) + 2 * g.padW() < g.kernelW()) {
            throw new IllegalArgumentException("argument 'x' of spatial size " + x.dim(2) + "x" + x.dim(3)
                    + " is smaller than the " + g.kernelH() + "x" + g.kernelW() + " kernel with padding "
                    + g.padH() + "x" + g.padW());
        }
        return new int[]{x.dim(0), cout, oh, ow};
    }

    private static void denseConvWeights(Backend b, String name, Tensor w, Conv2dGeometry g) {
        rank(b, name, w, DType.FLOAT32, 4);
        if (g != null && (w.dim(2) != g.kernelH() || w.dim(3) != g.kernelW())) {
            throw new IllegalArgumentException("argument '" + name + "' must have a " + g.kernelH() + "x" + g.kernelW()
                    + " kernel to match the geometry, got shape " + Shapes.format(w.shape()));
        }
    }

    private static int sparseConvInChannels(EllMatrix w, Conv2dGeometry g) {
        if (g == null) {
            throw new IllegalArgumentException("argument 'g' (conv geometry) must not be null");
        }
        int per = g.kernelH() * g.kernelW();
        if (w.cols() % per != 0) {
            throw new IllegalArgumentException("argument 'w' has " + w.cols() + " columns, expected Cin*"
                    + g.kernelH() + "*" + g.kernelW() + " (a multiple of " + per + ")");
        }
        return w.cols() / per;
    }

    public static void conv2d(Backend b, Tensor x, Tensor w, Tensor bias, Conv2dGeometry g, Tensor y) {
        denseConvWeights(b, "w", w, g);
        int[] out = convOut(b, x, w.dim(0), w.dim(1), g);
        optionalShape(b, "bias", bias, DType.FLOAT32, w.dim(0));
        shape(b, "y", y, DType.FLOAT32, out);
    }

    /** As {@link #conv2d}: the sparse-input convolution takes exactly the same arguments. */
    public static void conv2dSparseInput(Backend b, Tensor x, Tensor w, Tensor bias, Conv2dGeometry g, Tensor y) {
        conv2d(b, x, w, bias, g, y);
    }

    public static void conv2dBackwardData(Backend b, Tensor dy, Tensor w, Conv2dGeometry g, Tensor dx) {
        denseConvWeights(b, "w", w, g);
        int[] out = convOut(b, dx, w.dim(0), w.dim(1), g);
        shape(b, "dy", dy, DType.FLOAT32, out);
    }

    public static void conv2dBackwardWeights(Backend b, Tensor x, Tensor dy, Conv2dGeometry g, Tensor dw,
                                             Tensor dBias) {
        denseConvWeights(b, "dw", dw, g);
        int[] out = convOut(b, x, dw.dim(0), dw.dim(1), g);
        shape(b, "dy", dy, DType.FLOAT32, out);
        optionalShape(b, "dBias", dBias, DType.FLOAT32, dw.dim(0));
    }

    public static void sparseConv2d(Backend b, Tensor x, EllMatrix w, Tensor bias, Conv2dGeometry g, Tensor y) {
        ell(b, "w", w);
        int[] out = convOut(b, x, w.rows(), sparseConvInChannels(w, g), g);
        optionalShape(b, "bias", bias, DType.FLOAT32, w.rows());
        shape(b, "y", y, DType.FLOAT32, out);
    }

    public static void sparseConv2dBackwardData(Backend b, Tensor dy, EllMatrix w, Conv2dGeometry g, Tensor dx) {
        ell(b, "w", w);
        int[] out = convOut(b, dx, w.rows(), sparseConvInChannels(w, g), g);
        shape(b, "dy", dy, DType.FLOAT32, out);
    }

    public static void sparseConv2dBackwardWeights(Backend b, Tensor x, Tensor dy, EllMatrix w, Conv2dGeometry g,
                                                   Tensor dValues, Tensor dBias) {
        ell(b, "w", w);
        int[] out = convOut(b, x, w.rows(), sparseConvInChannels(w, g), g);
        shape(b, "dy", dy, DType.FLOAT32, out);
        shape(b, "dValues", dValues, DType.FLOAT32, w.rows(), w.nnz());
        optionalShape(b, "dBias", dBias, DType.FLOAT32, w.rows());
    }

    public static void maxPool2d(Backend b, Tensor x, int kernel, int stride, Tensor y, Tensor argmax) {
        positive("kernel", kernel);
        positive("stride", stride);
        rank(b, "x", x, DType.FLOAT32, 4);
        if (x.dim(2) < kernel || x.dim(3) < kernel) {
            throw new IllegalArgumentException("argument 'x' of spatial size " + x.dim(2) + "x" + x.dim(3)
                    + " is smaller than the pooling kernel " + kernel);
        }
        int[] out = {x.dim(0), x.dim(1), (x.dim(2) - kernel) / stride + 1, (x.dim(3) - kernel) / stride + 1};
        shape(b, "y", y, DType.FLOAT32, out);
        shape(b, "argmax", argmax, DType.INT32, out);
    }

    public static void maxPool2dBackward(Backend b, Tensor dy, Tensor argmax, Tensor dx) {
        rank(b, "dy", dy, DType.FLOAT32, 4);
        sameShape(b, "argmax", argmax, DType.INT32, dy);
        rank(b, "dx", dx, DType.FLOAT32, 4);
        if (dx.dim(0) != dy.dim(0) || dx.dim(1) != dy.dim(1) || dx.dim(2) < dy.dim(2) || dx.dim(3) < dy.dim(3)) {
            throw new IllegalArgumentException("argument 'dx' of shape " + Shapes.format(dx.shape())
                    + " cannot be the input of a pooling whose output is " + Shapes.format(dy.shape()));
        }
    }

    /** Returns the effective k, {@code min(k, n)}. */
    public static int kWinners(Backend b, Tensor x, Tensor boost, int k, Tensor out, Tensor indices) {
        positive("k", k);
        rank(b, "x", x, DType.FLOAT32, 2);
        int n = x.dim(1);
        if (boost != null) {
            tensor(b, "boost", boost, DType.FLOAT32);
            groups("boost", boost, n);
        }
        sameShape(b, "out", out, DType.FLOAT32, x);
        int kk = Math.min(k, n);
        shape(b, "indices", indices, DType.INT32, x.dim(0), kk);
        return kk;
    }

    /** Returns the effective k, {@code min(k, C)}. */
    public static int kWinnersLocal(Backend b, Tensor x, Tensor boost, int k, Tensor out, Tensor indices) {
        positive("k", k);
        rank(b, "x", x, DType.FLOAT32, 4);
        optionalShape(b, "boost", boost, DType.FLOAT32, x.dim(1));
        sameShape(b, "out", out, DType.FLOAT32, x);
        int kk = Math.min(k, x.dim(1));
        shape(b, "indices", indices, DType.INT32, x.dim(0), kk, x.dim(2), x.dim(3));
        return kk;
    }

    public static void kWinnersBackward(Backend b, Tensor dy, Tensor indices, Tensor dx) {
        rank(b, "dy", dy, DType.FLOAT32, 2);
        rank(b, "indices", indices, DType.INT32, 2);
        if (indices.dim(0) != dy.dim(0) || indices.dim(1) > dy.dim(1)) {
            throw new IllegalArgumentException("argument 'indices' must have shape [" + dy.dim(0) + ", k <= "
                    + dy.dim(1) + "], got " + Shapes.format(indices.shape()));
        }
        sameShape(b, "dx", dx, DType.FLOAT32, dy);
    }

    public static void kWinnersLocalBackward(Backend b, Tensor dy, Tensor indices, Tensor dx) {
        rank(b, "dy", dy, DType.FLOAT32, 4);
        rank(b, "indices", indices, DType.INT32, 4);
        if (indices.dim(0) != dy.dim(0) || indices.dim(1) > dy.dim(1) || indices.dim(2) != dy.dim(2)
                || indices.dim(3) != dy.dim(3)) {
            throw new IllegalArgumentException("argument 'indices' must have shape [" + dy.dim(0) + ", k <= "
                    + dy.dim(1) + ", " + dy.dim(2) + ", " + dy.dim(3) + "], got " + Shapes.format(indices.shape()));
        }
        sameShape(b, "dx", dx, DType.FLOAT32, dy);
    }

    public static void dutyCycleUpdate(Backend b, Tensor out, Tensor duty, int period) {
        rank(b, "out", out, DType.FLOAT32, 2);
        tensor(b, "duty", duty, DType.FLOAT32);
        groups("duty", duty, out.dim(1));
        if (period < out.dim(0)) {
            throw new IllegalArgumentException("argument 'period' must be >= the batch size " + out.dim(0)
                    + " (period = min(dutyCyclePeriod, samplesSeen) with this batch counted), got " + period);
        }
    }

    public static void boostFactors(Backend b, Tensor duty, float targetDensity, float boostStrength, Tensor boost) {
        tensor(b, "duty", duty, DType.FLOAT32);
        sameShape(b, "boost", boost, DType.FLOAT32, duty);
        finite("targetDensity", targetDensity);
        finite("boostStrength", boostStrength);
    }

    public static void addBias(Backend b, Tensor x, Tensor bias) {
        tensor(b, "x", x, DType.FLOAT32);
        if (x.rank() != 2 && x.rank() != 4) {
            throw new IllegalArgumentException("argument 'x' must have rank 2 [B, n] or 4 [B, C, H, W], got shape "
                    + Shapes.format(x.shape()));
        }
        shape(b, "bias", bias, DType.FLOAT32, x.dim(1));
    }

    public static void unary(Backend b, Tensor x, Tensor y) {
        tensor(b, "x", x, DType.FLOAT32);
        sameShape(b, "y", y, DType.FLOAT32, x);
    }

    public static void reluBackward(Backend b, Tensor dy, Tensor x, Tensor dx) {
        tensor(b, "dy", dy, DType.FLOAT32);
        sameShape(b, "x", x, DType.FLOAT32, dy);
        sameShape(b, "dx", dx, DType.FLOAT32, dy);
    }

    public static void mul(Backend b, Tensor a, Tensor bt, Tensor out) {
        tensor(b, "a", a, DType.FLOAT32);
        sameShape(b, "b", bt, DType.FLOAT32, a);
        sameShape(b, "out", out, DType.FLOAT32, a);
    }

    public static void axpy(Backend b, float alpha, Tensor x, Tensor y) {
        tensor(b, "x", x, DType.FLOAT32);
        tensor(b, "y", y, DType.FLOAT32);
        if (x.size() != y.size()) {
            throw new IllegalArgumentException("argument 'y' must have " + x.size() + " elements like 'x' "
                    + Shapes.format(x.shape()) + ", got " + Shapes.format(y.shape()));
        }
    }

    public static void scale(Backend b, float alpha, Tensor x) {
        tensor(b, "x", x, DType.FLOAT32);
    }

    public static void clamp(Backend b, Tensor x, float lo, float hi) {
        tensor(b, "x", x, DType.FLOAT32);
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("arguments 'lo' and 'hi' must satisfy lo <= hi, got lo=" + lo + ", hi=" + hi);
        }
    }

    public static void sumRows(Backend b, Tensor x, Tensor out) {
        rank(b, "x", x, DType.FLOAT32, 2);
        shape(b, "out", out, DType.FLOAT32, x.dim(1));
    }

    public static void gatherRows(Backend b, Tensor x, Tensor indices, Tensor out) {
        rank(b, "x", x, DType.FLOAT32, 2);
        rank(b, "indices", indices, DType.INT32, 2);
        if (indices.dim(0) != x.dim(0)) {
            throw new IllegalArgumentException("argument 'indices' must have " + x.dim(0) + " rows like 'x', got shape "
                    + Shapes.format(indices.shape()));
        }
        sameShape(b, "out", out, DType.FLOAT32, indices);
    }

    public static void argmaxRows(Backend b, Tensor x, Tensor out) {
        rank(b, "x", x, DType.FLOAT32, 2);
        if (x.dim(1) == 0) {
            throw new IllegalArgumentException("argument 'x' must have at least one column, got shape "
                    + Shapes.format(x.shape()));
        }
        shape(b, "out", out, DType.INT32, x.dim(0));
    }

    public static void logSoftmax(Backend b, Tensor x, Tensor out) {
        rank(b, "x", x, DType.FLOAT32, 2);
        sameShape(b, "out", out, DType.FLOAT32, x);
    }

    public static void nllLoss(Backend b, Tensor logProbs, Tensor labels) {
        rank(b, "logProbs", logProbs, DType.FLOAT32, 2);
        if (logProbs.dim(0) == 0) {
            throw new IllegalArgumentException("argument 'logProbs' must have at least one row, got shape "
                    + Shapes.format(logProbs.shape()));
        }
        shape(b, "labels", labels, DType.INT32, logProbs.dim(0));
    }

    public static void logSoftmaxNllBackward(Backend b, Tensor logProbs, Tensor labels, Tensor dLogits) {
        nllLoss(b, logProbs, labels);
        sameShape(b, "dLogits", dLogits, DType.FLOAT32, logProbs);
    }

    /** Returns C. */
    public static int batchNorm(Backend b, Tensor x, Tensor gamma, Tensor beta, Tensor runningMean,
                                Tensor runningVar, float momentum, float eps, Tensor y, Tensor saveMean,
                                Tensor saveInvStd) {
        tensor(b, "x", x, DType.FLOAT32);
        if (x.rank() != 2 && x.rank() != 4) {
            throw new IllegalArgumentException("argument 'x' must have rank 2 [B, C] or 4 [B, C, H, W], got shape "
                    + Shapes.format(x.shape()));
        }
        int c = x.dim(1);
        if ((gamma == null) != (beta == null)) {
            throw new IllegalArgumentException("arguments 'gamma' and 'beta' must be both given (affine) or both null");
        }
        optionalShape(b, "gamma", gamma, DType.FLOAT32, c);
        optionalShape(b, "beta", beta, DType.FLOAT32, c);
        shape(b, "runningMean", runningMean, DType.FLOAT32, c);
        shape(b, "runningVar", runningVar, DType.FLOAT32, c);
        sameShape(b, "y", y, DType.FLOAT32, x);
        shape(b, "saveMean", saveMean, DType.FLOAT32, c);
        shape(b, "saveInvStd", saveInvStd, DType.FLOAT32, c);
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("argument 'momentum' must be in [0, 1], got " + momentum);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("argument 'eps' must be > 0, got " + eps);
        }
        return c;
    }

    public static void batchNormBackward(Backend b, Tensor dy, Tensor x, Tensor gamma, Tensor saveMean,
                                         Tensor saveInvStd, Tensor dx, Tensor dGamma, Tensor dBeta) {
        tensor(b, "x", x, DType.FLOAT32);
        if (x.rank() != 2 && x.rank() != 4) {
            throw new IllegalArgumentException("argument 'x' must have rank 2 [B, C] or 4 [B, C, H, W], got shape "
                    + Shapes.format(x.shape()));
        }
        int c = x.dim(1);
        sameShape(b, "dy", dy, DType.FLOAT32, x);
        optionalShape(b, "gamma", gamma, DType.FLOAT32, c);
        shape(b, "saveMean", saveMean, DType.FLOAT32, c);
        shape(b, "saveInvStd", saveInvStd, DType.FLOAT32, c);
        sameShape(b, "dx", dx, DType.FLOAT32, x);
        optionalShape(b, "dGamma", dGamma, DType.FLOAT32, c);
        optionalShape(b, "dBeta", dBeta, DType.FLOAT32, c);
    }

    public static void dropout(Backend b, Tensor x, float p, Tensor y, Tensor mask) {
        tensor(b, "x", x, DType.FLOAT32);
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("argument 'p' must be in [0, 1), got " + p);
        }
        sameShape(b, "y", y, DType.FLOAT32, x);
        sameShape(b, "mask", mask, DType.FLOAT32, x);
    }

    public static void sgdStep(Backend b, Tensor param, Tensor grad, Tensor velocity, float lr, float momentum,
                               float weightDecay, Tensor keepMask) {
        tensor(b, "param", param, DType.FLOAT32);
        sameShape(b, "grad", grad, DType.FLOAT32, param);
        if (momentum != 0 && velocity == null) {
            throw new IllegalArgumentException("argument 'velocity' must not be null when momentum != 0 (momentum="
                    + momentum + ")");
        }
        optionalShape(b, "velocity", velocity, DType.FLOAT32, param.shape());
        optionalShape(b, "keepMask", keepMask, DType.FLOAT32, param.shape());
        finite("lr", lr);
        if (!(momentum >= 0)) {
            throw new IllegalArgumentException("argument 'momentum' must be >= 0, got " + momentum);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("argument 'weightDecay' must be >= 0, got " + weightDecay);
        }
    }
}
