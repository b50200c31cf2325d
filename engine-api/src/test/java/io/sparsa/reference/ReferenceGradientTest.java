package io.sparsa.reference;

import io.sparsa.backend.ops.Conv2dGeometry;
import io.sparsa.backend.ops.EllMatrix;
import io.sparsa.conformance.Scope;
import io.sparsa.conformance.TestData;
import io.sparsa.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every backward op of the reference against central finite differences of its forward op.
 * The scalar checked is {@code L = sum(forward(...) * r)} for a fixed random {@code r}, summed in
 * double, so the analytic gradient is the backward op applied to {@code dy = r}.
 *
 * <p>Linear ops (ELL, convolutions) are exact for any step, so a large step makes float rounding
 * negligible; piecewise-linear ops (max pooling, k-winners, relu) use inputs whose values are
 * further apart than the step, so no winner changes; smooth ops (log-softmax, batch norm) use a
 * small step and a looser tolerance.
 */
class ReferenceGradientTest {
    private static long seed;
    private final ReferenceBackend rb = new ReferenceBackend();
    private TestData data;

    @BeforeAll
    static void pickSeed() {
        seed = TestData.seedFromProperties("reference gradient checks");
    }

    @BeforeEach
    void seedTest(TestInfo info) {
        data = new TestData(seed).derive(info.getTestMethod().map(Method::getName).orElse("?"));
    }

    @AfterEach
    void nothingLeaks() {
        assertEquals(0, rb.liveAllocations());
    }

    /** Runs {@code forward} in a fresh scope and returns its output on the host. */
    private float[] run(Function<Scope, Tensor> forward) {
        try (Scope s = new Scope(rb)) {
            return forward.apply(s).toFloatArray();
        }
    }

    /** {@code sum(y * r)} in double. */
    private static double dot(float[] y, float[] r) {
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += (double) y[i] * r[i];
        }
        return sum;
    }

    /**
     * Compares {@code analytic} with central differences of {@code loss} in each element of
     * {@code x} (all of them, or 48 random ones for larger inputs). {@code x} is perturbed in place and
     * restored.
     */
    private void checkGradient(String what, float[] x, float[] analytic, Function<float[], Double> loss, float step,
                               double tolerance) {
        assertEquals(x.length, analytic.length, what + ": gradient length");
        int checks = Math.min(x.length, 48);
        int[] positions = x.length <= 48 ? data.permutation(x.length) : data.distinctSorted(checks, x.length);
        for (int j : positions) {
            float original = x[j];
            float up = original + step;
            float down = original - step;
            x[j] = up;
            double lossUp = loss.apply(x);
            x[j] = down;
            double lossDown = loss.apply(x);
            x[j] = original;
            double numeric = (lossUp - lossDown) / ((double) up - down);
            double allowed = tolerance * (1 + Math.abs(analytic[j]));
            assertTrue(Math.abs(numeric - analytic[j]) <= allowed, () -> what + ": element " + j + " analytic "
                    + analytic[j] + " vs finite difference " + numeric + " (seed " + seed + ")");
        }
    }

    // ---- sparse linear ---------------------------------------------------------------------------

    @Test
    void ellMatmulGradients() {
        int batch = 3;
        int in = 13;
        int out = 7;
        TestData.EllData w = data.ell(out, in, 4);
        float[] x = data.signed(batch * in);
        float[] values = w.values().clone();
        float[] bias = data.signed(out);
        float[] r = data.signed(batch * out);
        Function<Scope, EllMatrix> ell = s -> new EllMatrix(s.ints(w.columns(), out, 4), s.floats(values, out, 4), in);
        Function<float[], Double> loss = ignored -> dot(run(s -> {
            Tensor y = s.zeros(batch, out);
            s.backend().ellMatmul(s.floats(x, batch, in), ell.apply(s), s.floats(bias, out), y);
            return y;
        }), r);
        float[] dx = run(s -> {
            Tensor t = s.zeros(batch, in);
            s.backend().ellMatmulBackwardData(s.floats(r, batch, out), ell.apply(s), t);
            return t;
        });
        float[] dValues = run(s -> {
            Tensor t = s.zeros(out, 4);
            s.backend().ellMatmulBackwardWeights(s.floats(x, batch, in), s.floats(r, batch, out), ell.apply(s), t);
            return t;
        });
        float[] dBias = run(s -> {
            Tensor t = s.zeros(out);
            s.backend().sumRows(s.floats(r, batch, out), t);
            return t;
        });
        checkGradient("ellMatmulBackwardData", x, dx, loss, 0.5f, 1e-5);
        checkGradient("ellMatmulBackwardWeights", values, dValues, loss, 0.5f, 1e-5);
        checkGradient("bias gradient (sumRows)", bias, dBias, loss, 0.5f, 1e-5);
    }

    // ---- convolutions ------------------------------------------------------------------------------

    @Test
    void conv2dGradientsWithStridesAndPadding() {
        for (Conv2dGeometry g : new Conv2dGeometry[]{new Conv2dGeometry(3, 2, 2, 1, 1, 0), Conv2dGeometry.of(3, 1, 1)}) {
            int n = 2;
            int cin = 3;
            int h = 7;
            int wd = 6;
            int cout = 4;
            int oh = g.outH(h);
            int ow = g.outW(wd);
            float[] x = data.signed(n * cin * h * wd);
            float[] w = data.signed(cout * cin * g.kernelH() * g.kernelW());
            float[] bias = data.signed(cout);
            float[] r = data.signed(n * cout * oh * ow);
            int[] wShape = {cout, cin, g.kernelH(), g.kernelW()};
            Function<float[], Double> loss = ignored -> dot(run(s -> {
                Tensor y = s.zeros(n, cout, oh, ow);
                s.backend().conv2d(s.floats(x, n, cin, h, wd), s.floats(w, wShape), s.floats(bias, cout), g, y);
                return y;
            }), r);
            float[] dx = run(s -> {
                Tensor t = s.zeros(n, cin, h, wd);
                s.backend().conv2dBackwardData(s.floats(r, n, cout, oh, ow), s.floats(w, wShape), g, t);
                return t;
            });
            float[] dBias = new float[cout];
            float[] dw = run(s -> {
                Tensor t = s.zeros(wShape);
                Tensor db = s.zeros(cout);
                s.backend().conv2dBackwardWeights(s.floats(x, n, cin, h, wd), s.floats(r, n, cout, oh, ow), g, t, db);
                System.arraycopy(db.toFloatArray(), 0, dBias, 0, cout);
                return t;
            });
            checkGradient("conv2dBackwardData " + g, x, dx, loss, 0.5f, 1e-5);
            checkGradient("conv2dBackwardWeights " + g, w, dw, loss, 0.5f, 1e-5);
            checkGradient("conv2dBackwardWeights dBias " + g, bias, dBias, loss, 0.5f, 1e-5);
        }
    }

    @Test
    void sparseConv2dGradients() {
        Conv2dGeometry g = new Conv2dGeometry(3, 3, 2, 1, 1, 2);
        int n = 2;
        int cin = 2;
        int h = 6;
        int wd = 5;
        int cout = 3;
        int taps = cin * 9;
        int nnz = 7;
        int oh = g.outH(h);
        int ow = g.outW(wd);
        TestData.EllData ell = data.ell(cout, taps, nnz);
        float[] values = ell.values().clone();
        float[] x = data.signed(n * cin * h * wd);
        float[] bias = data.signed(cout);
        float[] r = data.signed(n * cout * oh * ow);
        Function<Scope, EllMatrix> w = s -> new EllMatrix(s.ints(ell.columns(), cout, nnz), s.floats(values, cout, nnz), taps);
        Function<float[], Double> loss = ignored -> dot(run(s -> {
            Tensor y = s.zeros(n, cout, oh, ow);
            s.backend().sparseConv2d(s.floats(x, n, cin, h, wd), w.apply(s), s.floats(bias, cout), g, y);
            return y;
        }), r);
        float[] dx = run(s -> {
            Tensor t = s.zeros(n, cin, h, wd);
            s.backend().sparseConv2dBackwardData(s.floats(r, n, cout, oh, ow), w.apply(s), g, t);
            return t;
        });
        float[] dBias = new float[cout];
        float[] dValues = run(s -> {
            Tensor t = s.zeros(cout, nnz);
            Tensor db = s.zeros(cout);
            s.backend().sparseConv2dBackwardWeights(s.floats(x, n, cin, h, wd), s.floats(r, n, cout, oh, ow), w.apply(s),
                    g, t, db);
            System.arraycopy(db.toFloatArray(), 0, dBias, 0, cout);
            return t;
        });
        checkGradient("sparseConv2dBackwardData", x, dx, loss, 0.5f, 1e-5);
        checkGradient("sparseConv2dBackwardWeights", values, dValues, loss, 0.5f, 1e-5);
        checkGradient("sparseConv2dBackwardWeights dBias", bias, dBias, loss, 0.5f, 1e-5);
    }

    // ---- piecewise-linear ops ------------------------------------------------------------------------

    @Test
    void maxPoolGradientWithOverlappingWindows() {
        int n = 2;
        int c = 2;
        int h = 7;
        int w = 6;
        for (int[] ks : new int[][]{{2, 2}, {3, 1}, {3, 2}}) {
            int kernel = ks[0];
            int stride = ks[1];
            int oh = (h - kernel) / stride + 1;
            int ow = (w - kernel) / stride + 1;
            // Values at least 1/size apart: a step of 1e-3 never changes a window's winner.
            float[] x = data.distinctRows(1, n * c * h * w);
            float[] r = data.signed(n * c * oh * ow);
            Function<float[], Double> loss = ignored -> dot(run(s -> {
                Tensor y = s.zeros(n, c, oh, ow);
                s.backend().maxPool2d(s.floats(x, n, c, h, w), kernel, stride, y, s.intZeros(n, c, oh, ow));
                return y;
            }), r);
            float[] dx = run(s -> {
                Tensor am = s.intZeros(n, c, oh, ow);
                s.backend().maxPool2d(s.floats(x, n, c, h, w), kernel, stride, s.zeros(n, c, oh, ow), am);
                Tensor t = s.zeros(n, c, h, w);
                s.backend().maxPool2dBackward(s.floats(r, n, c, oh, ow), am, t);
                return t;
            });
            checkGradient("maxPool2dBackward kernel=" + kernel + " stride=" + stride, x, dx, loss, 1e-3f, 1e-5);
        }
    }

    @Test
    void kWinnersGradientWithAndWithoutBoost() {
        int batch = 3;
        int n = 17;
        int k = 5;
        for (boolean boosted : new boolean[]{false, true}) {
            float[] boost = boosted ? data.positive(n, 0.5f, 2f) : null;
            float[] x = data.distinctRows(batch, n);
            if (boosted) {
                for (int i = 0; i < x.length; i++) {
                    x[i] /= boost[i % n];
                }
            }
            float[] r = data.signed(batch * n);
            Function<float[], Double> loss = ignored -> dot(run(s -> {
                Tensor out = s.zeros(batch, n);
                s.backend().kWinners(s.floats(x, batch, n), boost == null ? null : s.floats(boost, n), k, out,
                        s.intZeros(batch, k));
                return out;
            }), r);
            float[] dx = run(s -> {
                Tensor idx = s.intZeros(batch, k);
                s.backend().kWinners(s.floats(x, batch, n), boost == null ? null : s.floats(boost, n), k,
                        s.zeros(batch, n), idx);
                Tensor t = s.zeros(batch, n);
                s.backend().kWinnersBackward(s.floats(r, batch, n), idx, t);
                return t;
            });
            checkGradient("kWinnersBackward boosted=" + boosted, x, dx, loss, 1e-3f, 1e-6);
        }
    }

    @Test
    void kWinnersLocalGradient() {
        int batch = 2;
        int channels = 7;
        int h = 3;
        int w = 2;
        int k = 3;
        int plane = h * w;
        float[] rows = data.distinctRows(batch * plane, channels);
        float[] x = new float[rows.length];
        for (int b = 0; b < batch; b++) {
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < channels; c++) {
                    x[(b * channels + c) * plane + p] = rows[(b * plane + p) * channels + c];
                }
            }
        }
        float[] r = data.signed(x.length);
        Function<float[], Double> loss = ignored -> dot(run(s -> {
            Tensor out = s.zeros(batch, channels, h, w);
            s.backend().kWinnersLocal(s.floats(x, batch, channels, h, w), null, k, out, s.intZeros(batch, k, h, w));
            return out;
        }), r);
        float[] dx = run(s -> {
            Tensor idx = s.intZeros(batch, k, h, w);
            s.backend().kWinnersLocal(s.floats(x, batch, channels, h, w), null, k, s.zeros(batch, channels, h, w), idx);
            Tensor t = s.zeros(batch, channels, h, w);
            s.backend().kWinnersLocalBackward(s.floats(r, batch, channels, h, w), idx, t);
            return t;
        });
        checkGradient("kWinnersLocalBackward", x, dx, loss, 1e-3f, 1e-6);
    }

    @Test
    void reluGradient() {
        int n = 40;
        // Spaced values, none within the step of 0, so no element crosses the kink.
        float[] x = data.distinctRows(1, n);
        for (int i = 0; i < n; i++) {
            if (Math.abs(x[i]) < 0.01f) {
                x[i] = 0.02f;
            }
        }
        float[] r = data.signed(n);
        Function<float[], Double> loss = ignored -> dot(run(s -> {
            Tensor y = s.zeros(n);
            s.backend().relu(s.floats(x, n), y);
            return y;
        }), r);
        float[] dx = run(s -> {
            Tensor t = s.zeros(n);
            s.backend().reluBackward(s.floats(r, n), s.floats(x, n), t);
            return t;
        });
        checkGradient("reluBackward", x, dx, loss, 1e-3f, 1e-6);
    }

    // ---- smooth ops ------------------------------------------------------------------------------------

    @Test
    void logSoftmaxNllGradient() {
        int batch = 3;
        int classes = 7;
        float[] x = data.uniform(batch * classes, -3f, 3f);
        int[] labels = data.labels(batch, classes);
        Function<float[], Double> loss = ignored -> {
            try (Scope s = new Scope(rb)) {
                Tensor lp = s.zeros(batch, classes);
                s.backend().logSoftmax(s.floats(x, batch, classes), lp);
                return (double) s.backend().nllLoss(lp, s.ints(labels, batch));
            }
        };
        float[] dLogits = run(s -> {
            Tensor lp = s.zeros(batch, classes);
            s.backend().logSoftmax(s.floats(x, batch, classes), lp);
            Tensor d = s.zeros(batch, classes);
            s.backend().logSoftmaxNllBackward(lp, s.ints(labels, batch), d);
            return d;
        });
        checkGradient("logSoftmaxNllBackward", x, dLogits, loss, 1e-2f, 1e-4);
    }

    @Test
    void batchNormGradients() {
        for (int[] shape : new int[][]{{5, 3}, {3, 2, 2, 3}}) {
            for (boolean affine : new boolean[]{true, false}) {
                int channels = shape[1];
                int size = 1;
                for (int d : shape) {
                    size *= d;
                }
                float[] x = data.uniform(size, -3f, 5f);
                float[] gamma = affine ? data.uniform(channels, 0.5f, 1.5f) : null;
                float[] beta = affine ? data.signed(channels) : null;
                float[] r = data.signed(size);
                Function<Scope, Tensor[]> forward = s -> {
                    Tensor y = s.zeros(shape);
                    Tensor mean = s.zeros(channels);
                    Tensor invStd = s.zeros(channels);
                    s.backend().batchNorm(s.floats(x, shape), gamma == null ? null : s.floats(gamma, channels),
                            beta == null ? null : s.floats(beta, channels), s.zeros(channels), s.zeros(channels), true,
                            0.1f, 1e-5f, y, mean, invStd);
                    return new Tensor[]{y, mean, invStd};
                };
                Function<float[], Double> loss = ignored -> dot(run(s -> forward.apply(s)[0]), r);
                float[] dGamma = new float[channels];
                float[] dBeta = new float[channels];
                float[] dx = run(s -> {
                    Tensor[] fw = forward.apply(s);
                    Tensor t = s.zeros(shape);
                    Tensor dg = s.zeros(channels);
                    Tensor db = s.zeros(channels);
                    s.backend().batchNormBackward(s.floats(r, shape), s.floats(x, shape),
                            gamma == null ? null : s.floats(gamma, channels), fw[1], fw[2], t, dg, db);
                    System.arraycopy(dg.toFloatArray(), 0, dGamma, 0, channels);
                    System.arraycopy(db.toFloatArray(), 0, dBeta, 0, channels);
                    return t;
                });
                String what = "batchNormBackward " + Arrays.toString(shape) + " affine=" + affine;
                checkGradient(what + " dx", x, dx, loss, 5e-3f, 3e-4);
                if (affine) {
                    checkGradient(what + " dGamma", gamma, dGamma, loss, 0.25f, 1e-5);
                    checkGradient(what + " dBeta", beta, dBeta, loss, 0.25f, 1e-5);
                }
            }
        }
    }

    // ---- dropout -----------------------------------------------------------------------------------------

    @Test
    void dropoutMaskIsConsistentAndIsTheGradient() {
        int n = 20000;
        float p = 0.3f;
        long dropSeed = data.nextLong();
        long offset = data.nextInt(1 << 20);
        float[] x = data.signed(n);
        float[] y = new float[n];
        float[] mask = new float[n];
        float[] again = new float[n];
        float[] shifted = new float[n];
        try (Scope s = new Scope(rb)) {
            Tensor yt = s.zeros(n);
            Tensor mt = s.zeros(n);
            s.backend().dropout(s.floats(x, n), p, dropSeed, offset, yt, mt);
            System.arraycopy(yt.toFloatArray(), 0, y, 0, n);
            System.arraycopy(mt.toFloatArray(), 0, mask, 0, n);
            s.backend().dropout(s.floats(x, n), p, dropSeed, offset, yt, mt);
            System.arraycopy(mt.toFloatArray(), 0, again, 0, n);
            s.backend().dropout(s.floats(x, n), p, dropSeed, offset + 1, yt, mt);
            System.arraycopy(mt.toFloatArray(), 0, shifted, 0, n);
        }
        assertArrayEquals(mask, again, "same seed and offset, same mask");
        float keep = 1f / (1f - p);
        int kept = 0;
        for (int i = 0; i < n; i++) {
            assertTrue(mask[i] == 0f || mask[i] == keep, "mask values are 0 or 1/(1-p), got " + mask[i]);
            assertEquals(x[i] * mask[i], y[i], "y = x * mask exactly at " + i);
            if (i + 1 < n) {
                assertEquals(mask[i + 1], shifted[i], "offset + 1 shifts the stream by one element at " + i);
            }
            kept += mask[i] != 0f ? 1 : 0;
        }
        double expected = n * (1 - p);
        double sd = Math.sqrt(n * p * (1 - p));
        assertTrue(Math.abs(kept - expected) < 6 * sd, "kept " + kept + " of " + n + ", expected about " + expected);

        // y is linear in x with slope mask, so d sum(y * r) / dx = r * mask (what a layer computes with mul).
        int small = 30;
        float[] xs = Arrays.copyOf(x, small);
        float[] r = data.signed(small);
        Function<float[], Double> loss = ignored -> dot(run(s -> {
            Tensor yt = s.zeros(small);
            s.backend().dropout(s.floats(xs, small), p, dropSeed, offset, yt, s.zeros(small));
            return yt;
        }), r);
        float[] dx = run(s -> {
            Tensor t = s.zeros(small);
            s.backend().mul(s.floats(r, small), s.floats(Arrays.copyOf(mask, small), small), t);
            return t;
        });
        checkGradient("dropout gradient = dy * mask", xs, dx, loss, 0.5f, 1e-6);
    }
}
