package io.sparsa.opencl;

import io.sparsa.backend.Backend;
import io.sparsa.backend.ops.Conv2dGeometry;
import io.sparsa.conformance.Comparison;
import io.sparsa.conformance.Outputs;
import io.sparsa.conformance.TestData;
import io.sparsa.conformance.Tolerance;
import io.sparsa.reference.ReferenceBackend;
import io.sparsa.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The kernels compiled for a small device (64 work-items per group, 8 x 8 tiles, k-winners rows of
 * at most 256 units in local memory), against the reference: every kernel whose loops or local
 * arrays depend on the tuning, and the multi-work-group k-winners path on rows of several slices.
 * The conformance kit covers the default tuning. Tolerances as in the kit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClSmallDeviceTest {
    private static final KernelTuning SMALL = new KernelTuning(64, 8, 256);

    private Backend backend;
    private Backend defaultBackend;
    private ReferenceBackend reference;
    private TestData data;

    @BeforeAll
    void start() {
        ClProvider provider = ClTestSupport.providerOrSkip("OpenCL small-device tests");
        backend = provider.create(0, SMALL);
        defaultBackend = provider.create(0, KernelTuning.DEFAULT);
        reference = new ReferenceBackend();
        data = new TestData(TestData.seedFromProperties("OpenCL small-device tests (" + SMALL.buildOptions() + ")"));
    }

    @AfterAll
    void stop() {
        if (backend != null) {
            backend.close();
            defaultBackend.close();
        }
    }

    private void check(Backend b, String what, Tolerance tol, java.util.function.Function<io.sparsa.conformance.Scope, Outputs> op) {
        new Comparison(b, reference).check(what + " [" + b.deviceDescription() + "]", tol, op);
    }

    @Test
    void kWinnersAcrossSlices() {
        // {batch, n, k}: rows of 1 .. 17 slices of 256; k from 1 to n.
        int[][] shapes = {{2, 255, 7}, {3, 257, 1}, {3, 257, 257}, {2, 1000, 50}, {5, 700, 699}, {2, 4099, 100}};
        for (int[] sh : shapes) {
            int batch = sh[0];
            int n = sh[1];
            int k = sh[2];
            float[] x = data.distinctRows(batch, n);
            float[] ties = data.smallIntegers(batch * n, -2, 2);
            int groups = n % 5 == 0 ? 5 : 1;
            float[] boost = data.positive(groups, 0.5f, 2f);
            for (float[] input : new float[][]{x, ties}) {
                for (boolean boosted : new boolean[]{false, true}) {
                    check(backend, "kWinners B=" + batch + " n=" + n + " k=" + k + (input == ties ? " ties" : "")
                            + (boosted ? " boost" : ""), Tolerance.EXACT, s -> {
                        Tensor out = s.filled(Float.NaN, batch, n);
                        Tensor idx = s.intZeros(batch, k);
                        s.backend().kWinners(s.floats(input, batch, n), boosted ? s.floats(boost, groups) : null, k,
                                out, idx);
                        return Outputs.of("out", out).add("indices", idx);
                    });
                }
            }
        }
    }

    @Test
    void kWinnersOnRowsLongerThanTheDefaultLocalRow() {
        int batch = 3;
        int n = 9000;
        float[] x = data.smallIntegers(batch * n, -50, 50);
        for (int k : new int[]{1, 1234, 9000}) {
            check(defaultBackend, "kWinners B=3 n=9000 k=" + k + " (3 slices of 4096, many ties)", Tolerance.EXACT, s -> {
                Tensor out = s.filled(Float.NaN, batch, n);
                Tensor idx = s.intZeros(batch, k);
                s.backend().kWinners(s.floats(x, batch, n), null, k, out, idx);
                return Outputs.of("out", out).add("indices", idx);
            });
        }
    }

    @Test
    void tiledProducts() {
        int[][] sizes = {{1, 1, 1}, {33, 17, 70}, {65, 130, 9}};
        for (int[] mnk : sizes) {
            int m = mnk[0];
            int n = mnk[1];
            int k = mnk[2];
            float[] a = data.signed(m * k);
            float[] bm = data.signed(k * n);
            for (boolean ta : new boolean[]{false, true}) {
                check(backend, "gemm transA=" + ta + " transB=" + !ta + " " + m + "x" + n + "x" + k,
                        Tolerance.DEFAULT.forReduction(k), s -> {
                            Tensor c = s.filled(Float.NaN, m, n);
                            s.backend().gemm(ta, !ta, 1.5f, ta ? s.floats(a, k, m) : s.floats(a, m, k),
                                    !ta ? s.floats(bm, n, k) : s.floats(bm, k, n), 0f, c);
                            return Outputs.of("c", c);
                        });
            }
        }
        Conv2dGeometry g = Conv2dGeometry.of(3, 2, 1);
        float[] x = data.signed(3 * 5 * 11 * 9);
        float[] w = data.signed(7 * 5 * 9);
        float[] dy = data.signed(3 * 7 * 6 * 5);
        check(backend, "conv2d forward and backward", Tolerance.DEFAULT.forReduction(3 * 6 * 5), s -> {
            Tensor xt = s.floats(x, 3, 5, 11, 9);
            Tensor wt = s.floats(w, 7, 5, 3, 3);
            Tensor dyt = s.floats(dy, 3, 7, 6, 5);
            Tensor y = s.filled(Float.NaN, 3, 7, 6, 5);
            Tensor dx = s.filled(Float.NaN, 3, 5, 11, 9);
            Tensor dw = s.filled(Float.NaN, 7, 5, 3, 3);
            Tensor db = s.filled(Float.NaN, 7);
            s.backend().conv2d(xt, wt, null, g, y);
            s.backend().conv2dBackwardData(dyt, wt, g, dx);
            s.backend().conv2dBackwardWeights(xt, dyt, g, dw, db);
            return Outputs.of("y", y).add("dx", dx).add("dw", dw).add("dBias", db);
        });
    }

    @Test
    void workGroupReductionsAndScans() {
        int batch = 5;
        int n = 301;
        float[] x = data.signed(batch * n);
        float[] ties = data.smallIntegers(batch * n, -1, 1);
        check(backend, "argmax / logSoftmax / sumRows", Tolerance.DEFAULT.forReduction(n), s -> {
            Tensor am = s.intZeros(batch);
            Tensor amTies = s.intZeros(batch);
            Tensor ls = s.filled(Float.NaN, batch, n);
            s.backend().argmaxRows(s.floats(x, batch, n), am);
            s.backend().argmaxRows(s.floats(ties, batch, n), amTies);
            s.backend().logSoftmax(s.floats(x, batch, n), ls);
            return Outputs.of("argmax", am).add("argmaxTies", amTies).add("logSoftmax", ls);
        });
        // A transpose over more columns than one work-group scans at once.
        TestData.EllData w = data.ell(40, 333, 17);
        float[] dy = data.signed(batch * 40);
        check(backend, "ellMatmulBackwardData cols=333", Tolerance.DEFAULT.forReduction(40), s -> {
            Tensor dx = s.filled(Float.NaN, batch, 333);
            s.backend().ellMatmulBackwardData(s.floats(dy, batch, 40), s.ell(w), dx);
            return Outputs.of("dx", dx);
        });
        float[] bx = data.uniform(4 * 3 * 50, -2f, 3f);
        check(backend, "batchNorm training", Tolerance.DEFAULT.forReduction(200), s -> {
            Tensor y = s.filled(Float.NaN, 4, 3, 5, 10);
            Tensor rm = s.zeros(3);
            Tensor rv = s.floats(new float[]{1, 1, 1}, 3);
            Tensor sm = s.zeros(3);
            Tensor si = s.zeros(3);
            s.backend().batchNorm(s.floats(bx, 4, 3, 5, 10), null, null, rm, rv, true, 0.1f, 1e-5f, y, sm, si);
            return Outputs.of("y", y).add("runningVar", rv).add("saveInvStd", si);
        });
    }
}
