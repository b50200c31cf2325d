package io.sparsa.reference;

import io.sparsa.backend.Backend;
import io.sparsa.backend.Checks;
import io.sparsa.backend.ops.Conv2dGeometry;
import io.sparsa.backend.ops.CsrMatrix;
import io.sparsa.backend.ops.EllMatrix;
import io.sparsa.random.Philox;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.HeapTensor;
import io.sparsa.tensor.Shapes;
import io.sparsa.tensor.Tensor;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ground truth: every primitive written as plain loops on the Java heap, one thread, sums
 * accumulated in {@code double} and rounded to float once. Every other backend is tested against
 * this one by the conformance kit, so clarity wins over speed here.
 *
 * <p>Besides the shape checks of {@link Checks}, the reference validates the data-dependent
 * inputs it can check cheaply, with messages naming the argument: labels in {@code [0, C)},
 * gather/arg-max/k-winners indices in range, sparse-sparse activation indices in range and
 * distinct per row, ELL columns in {@code [0, cols)} and strictly ascending per row, CSR offsets
 * and columns well formed. Fast backends need not repeat these checks.
 *
 * <p>Where the operation contracts leave a choice, the reference settles it as follows (PyTorch
 * behaviour unless said otherwise); other backends must match:
 * <ul>
 *   <li>{@code relu} maps NaN to 0 (as C's {@code fmaxf(x, 0)}; PyTorch would propagate NaN);
 *   {@code -0.0} becomes {@code 0.0}.</li>
 *   <li>k-winners: the boosted score is the float32 product {@code x * boost}; scores are compared
 *   with {@code >}, so {@code -0.0} and {@code 0.0} tie (and the lower index wins); a NaN score is
 *   rejected with an {@link IllegalArgumentException}.</li>
 *   <li>max pooling: NaN never wins a window (comparison with {@code >}); the first element of the
 *   window is the starting candidate.</li>
 *   <li>batch norm in training needs more than one value per channel ({@code B*H*W >= 2}), as in
 *   PyTorch, since the unbiased running variance divides by {@code B*H*W - 1}. The normalisation
 *   uses the biased variance; the running variance moves towards the unbiased one.</li>
 *   <li>batch-norm backward computes dGamma and dBeta whenever they are given, also without affine
 *   parameters (gamma null counts as 1).</li>
 *   <li>dropout: the keep scale is the float32 value {@code 1f / (1f - p)}; {@code y = x * mask} in
 *   float32, so the mask and y are bit-exact across backends.</li>
 *   <li>sgdStep with {@code momentum == 0} leaves a given velocity untouched (PyTorch keeps no
 *   buffer then); velocity is stored in float32 between the steps of the update.</li>
 *   <li>maxPool2dBackward and the sparse/convolution backward passes add every contribution (in
 *   double) before rounding, so overlapping windows sum their gradients.</li>
 * </ul>
 *
 * <p>{@link io.sparsa.backend.BackendConfig#threads()} is ignored: the reference is single-threaded.
 */
public class ReferenceBackend implements Backend {
    /** The provider's name. */
    public static final String NAME = "reference";

    private final AtomicLong live = new AtomicLong();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String deviceDescription() {
        return "host CPU, plain Java loops, one thread, double accumulation";
    }

    @Override
    public void synchronize() {
        // Every operation completes before it returns.
    }

    @Override
    public void close() {
        // Heap tensors are reclaimed by the garbage collector; there is nothing else to release.
    }

    // ---- memory --------------------------------------------------------------------------

    @Override
    public Tensor zeros(DType dtype, int... shape) {
        if (dtype == null) {
            throw new IllegalArgumentException("argument 'dtype' must not be null");
        }
        HeapTensor t = HeapTensor.allocate(this, dtype, shape, live::decrementAndGet);
        live.incrementAndGet();
        return t;
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        Checks.copy(this, src, dst);
        if (src.dtype() == DType.FLOAT32) {
            System.arraycopy(floats(src), 0, floats(dst), 0, src.size());
        } else {
            System.arraycopy(ints(src), 0, ints(dst), 0, src.size());
        }
    }

    @Override
    public void fill(Tensor t, float value) {
        Checks.fill(this, t, value);
        Arrays.fill(floats(t), 0, t.size(), value);
    }

    @Override
    public long liveAllocations() {
        return live.get();
    }

    // ---- dense ---------------------------------------------------------------------------

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        int[] mnk = Checks.gemm(this, transA, transB, a, b, c);
        int m = mnk[0];
        int n = mnk[1];
        int k = mnk[2];
        float[] av = floats(a);
        float[] bv = floats(b);
        float[] cv = floats(c);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    float aip = transA ? av[p * m + i] : av[i * k + p];
                    float bpj = transB ? bv[j * k + p] : bv[p * n + j];
                    sum += (double) aip * bpj;
                }
                // beta == 0 ignores C entirely, so NaN or garbage in C does not leak through.
                double old = beta == 0 ? 0 : (double) beta * cv[i * n + j];
                cv[i * n + j] = (float) (alpha * sum + old);
            }
        }
    }

    // ---- sparse --------------------------------------------------------------------------

    @Override
    public void ellMatmul(Tensor x, EllMatrix w, Tensor bias, Tensor y) {
        Checks.ellMatmul(this, x, w, bias, y);
        ReferenceValidation.ellColumns("w", w);
        int batch = x.dim(0);
        int in = w.cols();
        int rows = w.rows();
        int nnz = w.nnz();
        float[] xv = floats(x);
        int[] cols = ints(w.columns());
        float[] vals = floats(w.values());
        float[] bv = bias == null ? null : floats(bias);
        float[] yv = floats(y);
        for (int b = 0; b < batch; b++) {
            for (int o = 0; o < rows; o++) {
                double sum = bv == null ? 0 : bv[o];
                for (int j = 0; j < nnz; j++) {
                    sum += (double) vals[o * nnz + j] * xv[b * in + cols[o * nnz + j]];
                }
                yv[b * rows + o] = (float) sum;
            }
        }
    }

    @Override
    public void ellMatmulBackwardData(Tensor dy, EllMatrix w, Tensor dx) {
        Checks.ellMatmulBackwardData(this, dy, w, dx);
        ReferenceValidation.ellColumns("w", w);
        int batch = dy.dim(0);
        int in = w.cols();
        int rows = w.rows();
        int nnz = w.nnz();
        float[] dyv = floats(dy);
        int[] cols = ints(w.columns());
        float[] vals = floats(w.values());
        float[] dxv = floats(dx);
        double[] acc = new double[in];
        for (int b = 0; b < batch; b++) {
            Arrays.fill(acc, 0);
            for (int o = 0; o < rows; o++) {
                for (int j = 0; j < nnz; j++) {
                    acc[cols[o * nnz + j]] += (double) dyv[b * rows + o] * vals[o * nnz + j];
                }
            }
            for (int i = 0; i < in; i++) {
                dxv[b * in + i] = (float) acc[i];
            }
        }
    }

    @Override
    public void ellMatmulBackwardWeights(Tensor x, Tensor dy, EllMatrix w, Tensor dValues) {
        Checks.ellMatmulBackwardWeights(this, x, dy, w, dValues);
        ReferenceValidation.ellColumns("w", w);
        int batch = x.dim(0);
        int in = w.cols();
        int rows = w.rows();
        int nnz = w.nnz();
        float[] xv = floats(x);
        float[] dyv = floats(dy);
        int[] cols = ints(w.columns());
        float[] dv = floats(dValues);
        for (int o = 0; o < rows; o++) {
            for (int j = 0; j < nnz; j++) {
                double sum = 0;
                for (int b = 0; b < batch; b++) {
                    sum += (double) dyv[b * rows + o] * xv[b * in + cols[o * nnz + j]];
                }
                dv[o * nnz + j] = (float) sum;
            }
        }
    }

    @Override
    public void sparseSparseMatmul(Tensor xIndices, Tensor xValues, CsrMatrix wT, Tensor bias, Tensor y) {
        Checks.sparseSparseMatmul(this, xIndices, xValues, wT, bias, y);
        ReferenceValidation.csr("wT", wT);
        int batch = xIndices.dim(0);
        int k = xIndices.dim(1);
        int inputs = wT.rows();
        int out = wT.cols();
        int[] xi = ints(xIndices);
        float[] xv = floats(xValues);
        int[] offsets = ints(wT.rowOffsets());
        int[] cols = ints(wT.columns());
        float[] vals = floats(wT.values());
        float[] bv = bias == null ? null : floats(bias);
        float[] yv = floats(y);
        boolean[] seen = new boolean[inputs];
        double[] acc = new double[out];
        for (int b = 0; b < batch; b++) {
            Arrays.fill(seen, false);
            for (int o = 0; o < out; o++) {
                acc[o] = bv == null ? 0 : bv[o];
            }
            for (int j = 0; j < k; j++) {
                int input = xi[b * k + j];
                if (input < 0 || input >= inputs) {
                    throw new IllegalArgumentException("argument 'xIndices': entry [" + b + ", " + j + "] is " + input
                            + ", expected an input index in [0, " + inputs + ")");
                }
                if (seen[input]) {
                    throw new IllegalArgumentException("argument 'xIndices': row " + b + " lists input " + input
                            + " twice (entry [" + b + ", " + j + "]); the active indices of a row must be distinct");
                }
                seen[input] = true;
                double value = xv[b * k + j];
                for (int e = offsets[input]; e < offsets[input + 1]; e++) {
                    acc[cols[e]] += value * vals[e];
                }
            }
            for (int o = 0; o < out; o++) {
                yv[b * out + o] = (float) acc[o];
            }
        }
    }

    // ---- convolution and pooling ----------------------------------------------------------

    @Override
    public void conv2d(Tensor x, Tensor w, Tensor bias, Conv2dGeometry g, Tensor y) {
        Checks.conv2d(this, x, w, bias, g, y);
        int taps = w.dim(1) * g.kernelH() * g.kernelW();
        ReferenceConvolution.forward(x, ReferenceConvolution.allTaps(w.dim(0), taps), floats(w), w.dim(0), taps, g, bias, y);
    }

    @Override
    public void conv2dSparseInput(Tensor x, Tensor w, Tensor bias, Conv2dGeometry g, Tensor y) {
        Checks.conv2dSparseInput(this, x, w, bias, g, y);
        ReferenceConvolution.forwardFromNonzeroInputs(x, floats(w), w.dim(0), g, bias, y);
    }

    @Override
    public void conv2dBackwardData(Tensor dy, Tensor w, Conv2dGeometry g, Tensor dx) {
        Checks.conv2dBackwardData(this, dy, w, g, dx);
        int taps = w.dim(1) * g.kernelH() * g.kernelW();
        ReferenceConvolution.backwardData(dy, ReferenceConvolution.allTaps(w.dim(0), taps), floats(w), w.dim(0), taps, g, dx);
    }

    @Override
    public void conv2dBackwardWeights(Tensor x, Tensor dy, Conv2dGeometry g, Tensor dw, Tensor dBias) {
        Checks.conv2dBackwardWeights(this, x, dy, g, dw, dBias);
        int taps = dw.dim(1) * g.kernelH() * g.kernelW();
        ReferenceConvolution.backwardWeights(x, dy, ReferenceConvolution.allTaps(dw.dim(0), taps), dw.dim(0), taps, g, floats(dw), dBias);
    }

    @Override
    public void sparseConv2d(Tensor x, EllMatrix w, Tensor bias, Conv2dGeometry g, Tensor y) {
        Checks.sparseConv2d(this, x, w, bias, g, y);
        ReferenceValidation.ellColumns("w", w);
        ReferenceConvolution.forward(x, ints(w.columns()), floats(w.values()), w.rows(), w.nnz(), g, bias, y);
    }

    @Override
    public void sparseConv2dBackwardData(Tensor dy, EllMatrix w, Conv2dGeometry g, Tensor dx) {
        Checks.sparseConv2dBackwardData(this, dy, w, g, dx);
        ReferenceValidation.ellColumns("w", w);
        ReferenceConvolution.backwardData(dy, ints(w.columns()), floats(w.values()), w.rows(), w.nnz(), g, dx);
    }

    @Override
    public void sparseConv2dBackwardWeights(Tensor x, Tensor dy, EllMatrix w, Conv2dGeometry g, Tensor dValues,
                                            Tensor dBias) {
        Checks.sparseConv2dBackwardWeights(this, x, dy, w, g, dValues, dBias);
        ReferenceValidation.ellColumns("w", w);
        ReferenceConvolution.backwardWeights(x, dy, ints(w.columns()), w.rows(), w.nnz(), g, floats(dValues), dBias);
    }

    @Override
    public void maxPool2d(Tensor x, int kernel, int stride, Tensor y, Tensor argmax) {
        Checks.maxPool2d(this, x, kernel, stride, y, argmax);
        int planes = x.dim(0) * x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int outH = y.dim(2);
        int outW = y.dim(3);
        float[] xv = floats(x);
        float[] yv = floats(y);
        int[] am = ints(argmax);
        for (int p = 0; p < planes; p++) {
            for (int oh = 0; oh < outH; oh++) {
                for (int ow = 0; ow < outW; ow++) {
                    int bestPos = (oh * stride) * w + ow * stride;
                    float best = xv[p * h * w + bestPos];
                    for (int i = 0; i < kernel; i++) {
                        for (int j = 0; j < kernel; j++) {
                            int pos = (oh * stride + i) * w + ow * stride + j;
                            float v = xv[p * h * w + pos];
                            // Strictly greater: on ties the first position in row-major order stays.
                            if (v > best) {
                                best = v;
                                bestPos = pos;
                            }
                        }
                    }
                    yv[(p * outH + oh) * outW + ow] = best;
                    am[(p * outH + oh) * outW + ow] = bestPos;
                }
            }
        }
    }

    @Override
    public void maxPool2dBackward(Tensor dy, Tensor argmax, Tensor dx) {
        Checks.maxPool2dBackward(this, dy, argmax, dx);
        int planes = dy.dim(0) * dy.dim(1);
        int perOut = dy.dim(2) * dy.dim(3);
        int perIn = dx.dim(2) * dx.dim(3);
        float[] dyv = floats(dy);
        int[] am = ints(argmax);
        float[] dxv = floats(dx);
        double[] acc = new double[dx.size()];
        for (int p = 0; p < planes; p++) {
            for (int q = 0; q < perOut; q++) {
                int pos = am[p * perOut + q];
                if (pos < 0 || pos >= perIn) {
                    throw new IllegalArgumentException("argument 'argmax': element " + (p * perOut + q) + " is " + pos
                            + ", expected a position in [0, " + perIn + ") of the " + dx.dim(2) + "x" + dx.dim(3)
                            + " input plane");
                }
                acc[p * perIn + pos] += dyv[p * perOut + q];
            }
        }
        for (int i = 0; i < acc.length; i++) {
            dxv[i] = (float) acc[i];
        }
    }

    // ---- k-winners -------------------------------------------------------------------------

    @Override
    public void kWinners(Tensor x, Tensor boost, int k, Tensor out, Tensor indices) {
        int kk = Checks.kWinners(this, x, boost, k, out, indices);
        int batch = x.dim(0);
        int n = x.dim(1);
        float[] xv = floats(x);
        float[] bv = boost == null ? null : floats(boost);
        int groupSize = boost == null ? 1 : n / boost.size();
        float[] ov = floats(out);
        int[] iv = ints(indices);
        float[] scores = new float[n];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < n; i++) {
                float xi = xv[b * n + i];
                scores[i] = bv == null ? xi : xi * bv[i / groupSize];
                if (Float.isNaN(scores[i])) {
                    throw new IllegalArgumentException("argument 'x': the boosted score of element [" + b + ", " + i
                            + "] is NaN (x = " + xi + "); k-winners needs comparable scores");
                }
            }
            int[] winners = topK(scores, kk);
            Arrays.fill(ov, b * n, (b + 1) * n, 0f);
            for (int j = 0; j < kk; j++) {
                int i = winners[j];
                ov[b * n + i] = xv[b * n + i];
                iv[b * kk + j] = i;
            }
        }
    }

    @Override
    public void kWinnersLocal(Tensor x, Tensor boost, int k, Tensor out, Tensor indices) {
        int kk = Checks.kWinnersLocal(this, x, boost, k, out, indices);
        int batch = x.dim(0);
        int channels = x.dim(1);
        int plane = x.dim(2) * x.dim(3);
        float[] xv = floats(x);
        float[] bv = boost == null ? null : floats(boost);
        float[] ov = floats(out);
        int[] iv = ints(indices);
        float[] scores = new float[channels];
        for (int b = 0; b < batch; b++) {
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < channels; c++) {
                    float xc = xv[(b * channels + c) * plane + p];
                    scores[c] = bv == null ? xc : xc * bv[c];
                    if (Float.isNaN(scores[c])) {
                        throw new IllegalArgumentException("argument 'x': the boosted score at [" + b + ", " + c + ", "
                                + p / x.dim(3) + ", " + p % x.dim(3) + "] is NaN (x = " + xc
                                + "); k-winners needs comparable scores");
                    }
                    ov[(b * channels + c) * plane + p] = 0f;
                }
                int[] winners = topK(scores, kk);
                for (int j = 0; j < kk; j++) {
                    int c = winners[j];
                    ov[(b * channels + c) * plane + p] = xv[(b * channels + c) * plane + p];
                    iv[(b * kk + j) * plane + p] = c;
                }
            }
        }
    }

    /**
     * The positions of the {@code k} largest scores, ascending. Order: larger score first, and on
     * equal scores ({@code ==}, so {@code -0.0 == 0.0}) the lower index first.
     */
    static int[] topK(float[] scores, int k) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> {
            float sp = scores[p];
            float sq = scores[q];
            if (sp > sq) {
                return -1;
            }
            if (sp < sq) {
                return 1;
            }
            return Integer.compare(p, q);
        });
        int[] winners = new int[k];
        for (int j = 0; j < k; j++) {
            winners[j] = order[j];
        }
        Arrays.sort(winners);
        return winners;
    }

    @Override
    public void kWinnersBackward(Tensor dy, Tensor indices, Tensor dx) {
        Checks.kWinnersBackward(this, dy, indices, dx);
        int batch = dy.dim(0);
        int n = dy.dim(1);
        int k = indices.dim(1);
        float[] dyv = floats(dy);
        int[] iv = ints(indices);
        float[] dxv = floats(dx);
        Arrays.fill(dxv, 0, dx.size(), 0f);
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < k; j++) {
                int i = iv[b * k + j];
                if (i < 0 || i >= n) {
                    throw new IllegalArgumentException("argument 'indices': entry [" + b + ", " + j + "] is " + i
                            + ", expected a unit in [0, " + n + ")");
                }
                dxv[b * n + i] = dyv[b * n + i];
            }
        }
    }

    @Override
    public void kWinnersLocalBackward(Tensor dy, Tensor indices, Tensor dx) {
        Checks.kWinnersLocalBackward(this, dy, indices, dx);
        int batch = dy.dim(0);
        int channels = dy.dim(1);
        int plane = dy.dim(2) * dy.dim(3);
        int k = indices.dim(1);
        float[] dyv = floats(dy);
        int[] iv = ints(indices);
        float[] dxv = floats(dx);
        Arrays.fill(dxv, 0, dx.size(), 0f);
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < k; j++) {
                for (int p = 0; p < plane; p++) {
                    int c = iv[(b * k + j) * plane + p];
                    if (c < 0 || c >= channels) {
                        throw new IllegalArgumentException("argument 'indices': entry [" + b + ", " + j + ", "
                                + p / dy.dim(3) + ", " + p % dy.dim(3) + "] is " + c + ", expected a channel in [0, "
                                + channels + ")");
                    }
                    dxv[(b * channels + c) * plane + p] = dyv[(b * channels + c) * plane + p];
                }
            }
        }
    }

    @Override
    public void dutyCycleUpdate(Tensor out, Tensor duty, int period) {
        Checks.dutyCycleUpdate(this, out, duty, period);
        int batch = out.dim(0);
        int n = out.dim(1);
        int groups = duty.size();
        int groupSize = n / groups;
        float[] ov = floats(out);
        float[] dv = floats(duty);
        for (int u = 0; u < groups; u++) {
            long active = 0;
            for (int b = 0; b < batch; b++) {
                for (int i = u * groupSize; i < (u + 1) * groupSize; i++) {
                    if (ov[b * n + i] > 0) {
                        active++;
                    }
                }
            }
            double activeCount = (double) active / groupSize;
            dv[u] = (float) ((dv[u] * (double) (period - batch) + activeCount) / period);
        }
    }

    @Override
    public void boostFactors(Tensor duty, float targetDensity, float boostStrength, Tensor boost) {
        Checks.boostFactors(this, duty, targetDensity, boostStrength, boost);
        float[] dv = floats(duty);
        float[] bv = floats(boost);
        for (int u = 0; u < duty.size(); u++) {
            bv[u] = (float) Math.exp(((double) targetDensity - dv[u]) * boostStrength);
        }
    }

    // ---- element-wise ----------------------------------------------------------------------

    @Override
    public void addBias(Tensor x, Tensor bias) {
        Checks.addBias(this, x, bias);
        int batch = x.dim(0);
        int channels = x.dim(1);
        int plane = x.size() / Math.max(1, batch * channels);
        float[] xv = floats(x);
        float[] bv = floats(bias);
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < plane; p++) {
                    xv[(b * channels + c) * plane + p] += bv[c];
                }
            }
        }
    }

    @Override
    public void relu(Tensor x, Tensor y) {
        Checks.unary(this, x, y);
        float[] xv = floats(x);
        float[] yv = floats(y);
        for (int i = 0; i < x.size(); i++) {
            yv[i] = xv[i] > 0 ? xv[i] : 0f;
        }
    }

    @Override
    public void reluBackward(Tensor dy, Tensor x, Tensor dx) {
        Checks.reluBackward(this, dy, x, dx);
        float[] dyv = floats(dy);
        float[] xv = floats(x);
        float[] dxv = floats(dx);
        for (int i = 0; i < dy.size(); i++) {
            dxv[i] = xv[i] > 0 ? dyv[i] : 0f;
        }
    }

    @Override
    public void mul(Tensor a, Tensor b, Tensor out) {
        Checks.mul(this, a, b, out);
        float[] av = floats(a);
        float[] bv = floats(b);
        float[] ov = floats(out);
        for (int i = 0; i < a.size(); i++) {
            ov[i] = av[i] * bv[i];
        }
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        Checks.axpy(this, alpha, x, y);
        float[] xv = floats(x);
        float[] yv = floats(y);
        for (int i = 0; i < x.size(); i++) {
            yv[i] = (float) (yv[i] + (double) alpha * xv[i]);
        }
    }

    @Override
    public void scale(float alpha, Tensor x) {
        Checks.scale(this, alpha, x);
        float[] xv = floats(x);
        for (int i = 0; i < x.size(); i++) {
            xv[i] *= alpha;
        }
    }

    @Override
    public void clamp(Tensor x, float lo, float hi) {
        Checks.clamp(this, x, lo, hi);
        float[] xv = floats(x);
        for (int i = 0; i < x.size(); i++) {
            xv[i] = Math.min(Math.max(xv[i], lo), hi);
        }
    }

    @Override
    public void greaterEqual(Tensor x, float threshold, Tensor out) {
        Checks.unary(this, x, out);
        float[] xv = floats(x);
        float[] ov = floats(out);
        for (int i = 0; i < x.size(); i++) {
            ov[i] = xv[i] >= threshold ? 1f : 0f;
        }
    }

    @Override
    public void sumRows(Tensor x, Tensor out) {
        Checks.sumRows(this, x, out);
        int batch = x.dim(0);
        int n = x.dim(1);
        float[] xv = floats(x);
        float[] ov = floats(out);
        for (int j = 0; j < n; j++) {
            double sum = 0;
            for (int b = 0; b < batch; b++) {
                sum += xv[b * n + j];
            }
            ov[j] = (float) sum;
        }
    }

    @Override
    public void gatherRows(Tensor x, Tensor indices, Tensor out) {
        Checks.gatherRows(this, x, indices, out);
        int batch = x.dim(0);
        int n = x.dim(1);
        int k = indices.dim(1);
        float[] xv = floats(x);
        int[] iv = ints(indices);
        float[] ov = floats(out);
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < k; j++) {
                int i = iv[b * k + j];
                if (i < 0 || i >= n) {
                    throw new IllegalArgumentException("argument 'indices': entry [" + b + ", " + j + "] is " + i
                            + ", expected a column in [0, " + n + ")");
                }
                ov[b * k + j] = xv[b * n + i];
            }
        }
    }

    @Override
    public void argmaxRows(Tensor x, Tensor out) {
        Checks.argmaxRows(this, x, out);
        int batch = x.dim(0);
        int n = x.dim(1);
        float[] xv = floats(x);
        int[] ov = ints(out);
        for (int b = 0; b < batch; b++) {
            int best = 0;
            for (int i = 1; i < n; i++) {
                if (xv[b * n + i] > xv[b * n + best]) {
                    best = i;
                }
            }
            ov[b] = best;
        }
    }

    // ---- loss --------------------------------------------------------------------------------

    @Override
    public void logSoftmax(Tensor x, Tensor out) {
        Checks.logSoftmax(this, x, out);
        int batch = x.dim(0);
        int classes = x.dim(1);
        float[] xv = floats(x);
        float[] ov = floats(out);
        for (int b = 0; b < batch; b++) {
            // Subtracting the row maximum keeps exp() from overflowing.
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, xv[b * classes + c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(xv[b * classes + c] - max);
            }
            double logSumExp = max + Math.log(sum);
            for (int c = 0; c < classes; c++) {
                ov[b * classes + c] = (float) (xv[b * classes + c] - logSumExp);
            }
        }
    }

    @Override
    public float nllLoss(Tensor logProbs, Tensor labels) {
        Checks.nllLoss(this, logProbs, labels);
        int batch = logProbs.dim(0);
        int classes = logProbs.dim(1);
        float[] lp = floats(logProbs);
        int[] lv = ints(labels);
        double sum = 0;
        for (int b = 0; b < batch; b++) {
            sum += lp[b * classes + ReferenceValidation.label(lv, b, classes)];
        }
        return (float) (-sum / batch);
    }

    @Override
    public void logSoftmaxNllBackward(Tensor logProbs, Tensor labels, Tensor dLogits) {
        Checks.logSoftmaxNllBackward(this, logProbs, labels, dLogits);
        int batch = logProbs.dim(0);
        int classes = logProbs.dim(1);
        float[] lp = floats(logProbs);
        int[] lv = ints(labels);
        float[] dv = floats(dLogits);
        for (int b = 0; b < batch; b++) {
            int label = ReferenceValidation.label(lv, b, classes);
            for (int c = 0; c < classes; c++) {
                double p = Math.exp(lp[b * classes + c]);
                dv[b * classes + c] = (float) ((p - (c == label ? 1 : 0)) / batch);
            }
        }
    }

    // ---- normalisation and dropout ----------------------------------------------------------

    @Override
    public void batchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                          boolean training, float momentum, float eps, Tensor y, Tensor saveMean,
                          Tensor saveInvStd) {
        int channels = Checks.batchNorm(this, x, gamma, beta, runningMean, runningVar, momentum, eps, y, saveMean,
                saveInvStd);
        int batch = x.dim(0);
        int plane = x.rank() == 4 ? x.dim(2) * x.dim(3) : 1;
        long count = (long) batch * plane;
        if (training && count < 2) {
            throw new IllegalArgumentException("argument 'x': batch normalisation in training needs more than one value"
                    + " per channel (B*H*W >= 2), got shape " + Shapes.format(x.shape()));
        }
        float[] xv = floats(x);
        float[] yv = floats(y);
        float[] rm = floats(runningMean);
        float[] rv = floats(runningVar);
        float[] sm = floats(saveMean);
        float[] si = floats(saveInvStd);
        float[] gv = gamma == null ? null : floats(gamma);
        float[] bv = beta == null ? null : floats(beta);
        for (int c = 0; c < channels; c++) {
            double mean;
            double invStd;
            if (training) {
                double sum = 0;
                for (int b = 0; b < batch; b++) {
                    for (int p = 0; p < plane; p++) {
                        sum += xv[(b * channels + c) * plane + p];
                    }
                }
                mean = sum / count;
                double squares = 0;
                for (int b = 0; b < batch; b++) {
                    for (int p = 0; p < plane; p++) {
                        double d = xv[(b * channels + c) * plane + p] - mean;
                        squares += d * d;
                    }
                }
                double biasedVar = squares / count;
                double unbiasedVar = squares / (count - 1);
                invStd = 1 / Math.sqrt(biasedVar + eps);
                rm[c] = (float) ((1 - (double) momentum) * rm[c] + momentum * mean);
                rv[c] = (float) ((1 - (double) momentum) * rv[c] + momentum * unbiasedVar);
            } else {
                mean = rm[c];
                invStd = 1 / Math.sqrt((double) rv[c] + eps);
            }
            sm[c] = (float) mean;
            si[c] = (float) invStd;
            double scale = gv == null ? invStd : invStd * gv[c];
            double shift = bv == null ? 0 : bv[c];
            for (int b = 0; b < batch; b++) {
                for (int p = 0; p < plane; p++) {
                    int i = (b * channels + c) * plane + p;
                    yv[i] = (float) ((xv[i] - mean) * scale + shift);
                }
            }
        }
    }

    @Override
    public void batchNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor saveMean, Tensor saveInvStd, Tensor dx,
                                  Tensor dGamma, Tensor dBeta) {
        Checks.batchNormBackward(this, dy, x, gamma, saveMean, saveInvStd, dx, dGamma, dBeta);
        int batch = x.dim(0);
        int channels = x.dim(1);
        int plane = x.rank() == 4 ? x.dim(2) * x.dim(3) : 1;
        long count = (long) batch * plane;
        float[] dyv = floats(dy);
        float[] xv = floats(x);
        float[] gv = gamma == null ? null : floats(gamma);
        float[] sm = floats(saveMean);
        float[] si = floats(saveInvStd);
        float[] dxv = floats(dx);
        for (int c = 0; c < channels; c++) {
            double mean = sm[c];
            double invStd = si[c];
            double sumDy = 0;
            double sumDyXhat = 0;
            for (int b = 0; b < batch; b++) {
                for (int p = 0; p < plane; p++) {
                    int i = (b * channels + c) * plane + p;
                    sumDy += dyv[i];
                    sumDyXhat += dyv[i] * (xv[i] - mean) * invStd;
                }
            }
            if (dGamma != null) {
                floats(dGamma)[c] = (float) sumDyXhat;
            }
            if (dBeta != null) {
                floats(dBeta)[c] = (float) sumDy;
            }
            // dx = gamma * invStd / m * (m * dy - sum(dy) - xhat * sum(dy * xhat)), with m = B*H*W.
            double g = gv == null ? 1 : gv[c];
            for (int b = 0; b < batch; b++) {
                for (int p = 0; p < plane; p++) {
                    int i = (b * channels + c) * plane + p;
                    double xhat = (xv[i] - mean) * invStd;
                    dxv[i] = (float) (g * invStd / count * (count * dyv[i] - sumDy - xhat * sumDyXhat));
                }
            }
        }
    }

    @Override
    public void dropout(Tensor x, float p, long seed, long offset, Tensor y, Tensor mask) {
        Checks.dropout(this, x, p, y, mask);
        float keepScale = 1f / (1f - p);
        float[] xv = floats(x);
        float[] yv = floats(y);
        float[] mv = floats(mask);
        for (int i = 0; i < x.size(); i++) {
            float m = Philox.uniform(seed, offset + i) >= p ? keepScale : 0f;
            mv[i] = m;
            yv[i] = xv[i] * m;
        }
    }

    // ---- optimiser -----------------------------------------------------------------------------

    @Override
    public void sgdStep(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, float weightDecay,
                        Tensor keepMask) {
        Checks.sgdStep(this, param, grad, velocity, lr, momentum, weightDecay, keepMask);
        float[] pv = floats(param);
        float[] gv = floats(grad);
        float[] vv = velocity == null ? null : floats(velocity);
        float[] kv = keepMask == null ? null : floats(keepMask);
        for (int i = 0; i < param.size(); i++) {
            double g = gv[i] + (double) weightDecay * pv[i];
            if (momentum != 0) {
                vv[i] = (float) (momentum * (double) vv[i] + g);
                g = vv[i];
            }
            float updated = (float) (pv[i] - lr * g);
            pv[i] = kv == null ? updated : updated * kv[i];
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** The backing array; safe because {@link Checks} has verified the tensor belongs to this backend. */
    static float[] floats(Tensor t) {
        return ((HeapTensor) t).floats();
    }

    static int[] ints(Tensor t) {
        return ((HeapTensor) t).ints();
    }
}
