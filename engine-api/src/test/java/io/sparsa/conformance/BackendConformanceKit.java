package io.sparsa.conformance;

import io.sparsa.backend.Backend;
import io.sparsa.backend.BackendConfig;
import io.sparsa.backend.BackendProvider;
import io.sparsa.backend.Probe;
import io.sparsa.backend.ops.Conv2dGeometry;
import io.sparsa.backend.ops.EllMatrix;
import io.sparsa.reference.ReferenceBackend;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The conformance kit: every primitive of a backend compared with the {@link ReferenceBackend} on
 * random inputs of odd sizes. A backend module runs it with a test class such as
 * <pre>{@code
 * class CpuConformanceTest extends BackendConformanceKit {
 *     protected BackendProvider provider() { return new CpuProvider(); }
 * }
 * }</pre>
 * and may override {@link #tolerance()} (GPUs with less exact arithmetic) or {@link #config()}.
 *
 * <p>When the provider's probe says unavailable, the kit prints
 * {@code SKIPPED <name> conformance: <reason>} once and every test is aborted through JUnit
 * assumptions (reported as skipped, the build stays green).
 * The random seed is printed; {@code -Dsparsa.test.seed=N} replays a run.
 *
 * <p>Float results must lie within the tolerance ({@link Tolerance#forReduction} where the result is
 * a sum); integer results (indices, arg-max) and exact operations (copies, selections, dropout
 * masks) must match bit for bit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendConformanceKit {
    /** Odd sizes that miss every vector width and work-group size, plus a few larger ones. */
    protected static final int[] SIZES = {1, 3, 7, 13, 17, 33, 67, 130, 1000, 4099};

    /** The backend under test (created in {@link #startBackends()}). */
    protected Backend backend;
    /** The ground truth. */
    protected ReferenceBackend reference;
    /** Runs an operation on both and compares. */
    protected Comparison comparison;
    /** This test's random inputs; a fresh stream per test method, derived from the printed seed. */
    protected TestData data;
    private long seed;
    private String skipReason;

    /** The provider of the backend under test. */
    protected abstract BackendProvider provider();

    /** The base tolerance for float results; reductions widen it with {@link Tolerance#forReduction}. */
    protected Tolerance tolerance() {
        return Tolerance.DEFAULT;
    }

    /** The configuration the backend under test is created with. */
    protected BackendConfig config() {
        return BackendConfig.fromSystemProperties();
    }

    @BeforeAll
    protected final void startBackends() {
        BackendProvider provider = provider();
        Probe probe = provider.probe();
        if (!probe.available()) {
            // Every test is then aborted in seedTest, so the report counts them as skipped.
            skipReason = "SKIPPED " + provider.name() + " conformance: " + probe.fullReason();
            System.out.println(skipReason);
            return;
        }
        backend = provider.create(config());
        reference = new ReferenceBackend();
        comparison = new Comparison(backend, reference);
        seed = TestData.seedFromProperties(provider.name() + " conformance (" + backend.deviceDescription() + ")");
    }

    @AfterAll
    protected final void closeBackends() {
        if (backend != null) {
            backend.close();
        }
        if (reference != null) {
            reference.close();
        }
    }

    @BeforeEach
    protected final void seedTest(TestInfo info) {
        Assumptions.assumeTrue(skipReason == null, skipReason);
        data = new TestData(seed).derive(info.getTestMethod().map(Method::getName).orElse(info.getDisplayName()));
    }

    private void check(String what, Tolerance tol, Function<Scope, Outputs> op) {
        try {
            comparison.check(what, tol, op);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n(seed " + seed + ": rerun with -D" + TestData.SEED_PROPERTY
                    + "=" + seed + ")", e);
        }
    }

    private Tolerance tol() {
        return tolerance();
    }

    // ---- memory ------------------------------------------------------------------------------

    @Test
    void copyFillAndReshapeViews() {
        for (int n : SIZES) {
            float[] src = data.signed(n);
            int[] isrc = data.ints(n, -1000, 1000);
            float value = data.nextFloat(-5, 5);
            check("copy/fill/reshape n=" + n, Tolerance.EXACT, s -> {
                Backend b = s.backend();
                Tensor a = s.floats(src, n);
                Tensor dst = s.filled(Float.NaN, 1, n);
                b.copy(a, dst);
                Tensor ia = s.ints(isrc, n, 1);
                Tensor idst = s.intZeros(n);
                b.copy(ia, idst);
                Tensor filled = s.zeros(n);
                b.fill(filled.reshape(1, n, 1), value);
                // A view shares storage: filling half of it through a reshape is visible in the base.
                Tensor viewed = s.floats(src, n);
                b.fill(viewed.reshape(-1), -value);
                return Outputs.of("copy", dst).add("copyInt", idst).add("fill", filled).add("fillView", viewed)
                        .add("viewRead", dst.reshape(n));
            });
        }
    }

    @Test
    void zerosAreZeroAndShapesAreKept() {
        try (Tensor f = backend.zeros(3, 7); Tensor i = backend.zeros(DType.INT32, 2, 5, 1); Tensor e = backend.zeros(0, 4)) {
            assertEquals(DType.FLOAT32, f.dtype());
            assertEquals(List.of(3, 7), List.of(f.dim(0), f.dim(1)));
            for (float v : f.toFloatArray()) {
                assertEquals(0f, v);
            }
            for (int v : i.toIntArray()) {
                assertEquals(0, v);
            }
            assertEquals(0, e.size());
            assertEquals(backend, f.backend());
        }
    }

    @Test
    void liveAllocationsReturnToStart() {
        long start = backend.liveAllocations();
        List<Tensor> tensors = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int n = SIZES[i % SIZES.length];
            Tensor t = i % 3 == 0 ? backend.zeros(DType.INT32, n) : backend.zeros(n, 1);
            tensors.add(t);
            tensors.add(t.reshape(-1));
        }
        tensors.add(backend.zeros(0));
        assertEquals(start + 301, backend.liveAllocations(), "live allocations while 301 tensors (and views) are open");
        for (Tensor t : tensors) {
            t.close();
            t.close();
        }
        assertEquals(start, backend.liveAllocations(), "live allocations after closing everything");
    }

    // ---- dense -------------------------------------------------------------------------------

    @Test
    void gemm() {
        int[][] sizes = {{1, 1, 1}, {3, 7, 13}, {17, 1, 33}, {13, 67, 3}, {67, 33, 130}, {130, 17, 257}, {100, 129, 300}};
        float[][] alphaBeta = {{1f, 0f}, {0.75f, -1.25f}, {-2f, 1f}};
        for (int[] mnk : sizes) {
            int m = mnk[0];
            int n = mnk[1];
            int k = mnk[2];
            for (boolean ta : new boolean[]{false, true}) {
                for (boolean tb : new boolean[]{false, true}) {
                    for (float[] ab : alphaBeta) {
                        float alpha = ab[0];
                        float beta = ab[1];
                        float[] a = data.signed(m * k);
                        float[] b = data.signed(k * n);
                        float[] c = data.signed(m * n);
                        String what = "gemm(transA=" + ta + ", transB=" + tb + ", alpha=" + alpha + ", beta=" + beta
                                + (beta == 0 ? ", C full of NaN" : "") + ") M=" + m + " N=" + n + " K=" + k;
                        check(what, tol().forReduction(k), s -> {
                            Tensor at = ta ? s.floats(a, k, m) : s.floats(a, m, k);
                            Tensor bt = tb ? s.floats(b, n, k) : s.floats(b, k, n);
                            Tensor ct = beta == 0 ? s.filled(Float.NaN, m, n) : s.floats(c, m, n);
                            s.backend().gemm(ta, tb, alpha, at, bt, beta, ct);
                            return Outputs.of("c", ct);
                        });
                    }
                }
            }
        }
    }

    // ---- sparse ------------------------------------------------------------------------------

    /** {batch, in, out, nnz}. */
    private static final int[][] ELL_SHAPES = {
            {1, 1, 1, 1}, {3, 7, 5, 3}, {5, 17, 13, 17}, {13, 67, 33, 7}, {17, 130, 67, 13}, {33, 784, 130, 39},
            {7, 1000, 257, 100}};

    @Test
    void ellMatmulForward() {
        for (int[] sh : ELL_SHAPES) {
            int batch = sh[0];
            int in = sh[1];
            int out = sh[2];
            int nnz = sh[3];
            TestData.EllData w = data.ell(out, in, nnz);
            float[] x = data.signed(batch * in);
            float[] bias = data.signed(out);
            for (boolean withBias : new boolean[]{false, true}) {
                check("ellMatmul B=" + batch + " in=" + in + " out=" + out + " nnz=" + nnz + " bias=" + withBias,
                        tol().forReduction(nnz), s -> {
                            Tensor y = s.filled(Float.NaN, batch, out);
                            s.backend().ellMatmul(s.floats(x, batch, in), s.ell(w),
                                    withBias ? s.floats(bias, out) : null, y);
                            return Outputs.of("y", y);
                        });
            }
        }
    }

    @Test
    void ellMatmulBackward() {
        for (int[] sh : ELL_SHAPES) {
            int batch = sh[0];
            int in = sh[1];
            int out = sh[2];
            int nnz = sh[3];
            TestData.EllData w = data.ell(out, in, nnz);
            float[] x = data.signed(batch * in);
            float[] dy = data.signed(batch * out);
            String sizes = " B=" + batch + " in=" + in + " out=" + out + " nnz=" + nnz;
            check("ellMatmulBackwardData" + sizes, tol().forReduction(out), s -> {
                Tensor dx = s.filled(Float.NaN, batch, in);
                s.backend().ellMatmulBackwardData(s.floats(dy, batch, out), s.ell(w), dx);
                return Outputs.of("dx", dx);
            });
            check("ellMatmulBackwardWeights" + sizes, tol().forReduction(batch), s -> {
                Tensor dv = s.filled(Float.NaN, out, nnz);
                s.backend().ellMatmulBackwardWeights(s.floats(x, batch, in), s.floats(dy, batch, out), s.ell(w), dv);
                return Outputs.of("dValues", dv);
            });
        }
    }

    @Test
    void sparseSparseMatmul() {
        // {batch, in, out, nnz per output unit, active inputs k}
        int[][] shapes = {{1, 1, 1, 1, 1}, {3, 7, 5, 3, 2}, {13, 67, 33, 7, 7}, {17, 130, 67, 13, 13},
                {33, 1000, 130, 100, 50}, {5, 33, 17, 33, 33}};
        for (int[] sh : shapes) {
            int batch = sh[0];
            int in = sh[1];
            int out = sh[2];
            int nnz = sh[3];
            int k = sh[4];
            TestData.CsrData wT = data.ell(out, in, nnz).transposeToCsr();
            float[] bias = data.signed(out);
            float[] xValues = data.signed(batch * k);
            for (boolean sorted : new boolean[]{true, false}) {
                int[] xIndices = sorted ? data.distinctSortedRows(batch, k, in) : data.distinctShuffledRows(batch, k, in);
                for (boolean withBias : new boolean[]{false, true}) {
                    check("sparseSparseMatmul B=" + batch + " in=" + in + " out=" + out + " nnz=" + nnz + " k=" + k
                            + " sortedIndices=" + sorted + " bias=" + withBias, tol().forReduction(k), s -> {
                        Tensor y = s.filled(Float.NaN, batch, out);
                        s.backend().sparseSparseMatmul(s.ints(xIndices, batch, k), s.floats(xValues, batch, k),
                                s.csr(wT), withBias ? s.floats(bias, out) : null, y);
                        return Outputs.of("y", y);
                    });
                }
            }
        }
    }

    // ---- convolution and pooling -------------------------------------------------------------

    /** A convolution case: input {@code [n, cin, h, w]}, {@code cout} filters, geometry g. */
    private record ConvCase(int n, int cin, int h, int w, int cout, Conv2dGeometry g) {
        int outH() {
            return g.outH(h);
        }

        int outW() {
            return g.outW(w);
        }

        int taps() {
            return cin * g.kernelH() * g.kernelW();
        }

        @Override
        public String toString() {
            return "x=[" + n + ", " + cin + ", " + h + ", " + w + "] cout=" + cout + " kernel=" + g.kernelH() + "x"
                    + g.kernelW() + " stride=" + g.strideH() + "x" + g.strideW() + " pad=" + g.padH() + "x" + g.padW();
        }
    }

    private static final ConvCase[] CONV_CASES = {
            new ConvCase(1, 1, 1, 1, 1, Conv2dGeometry.of(1, 1, 0)),
            new ConvCase(2, 3, 7, 7, 5, Conv2dGeometry.of(3, 1, 0)),
            new ConvCase(3, 2, 13, 9, 4, Conv2dGeometry.of(3, 2, 1)),
            new ConvCase(2, 3, 8, 11, 3, new Conv2dGeometry(3, 2, 2, 1, 1, 0)),
            new ConvCase(1, 2, 1, 3, 2, Conv2dGeometry.of(3, 1, 2)),
            new ConvCase(2, 4, 17, 17, 6, Conv2dGeometry.of(5, 3, 0)),
            new ConvCase(2, 1, 28, 28, 7, Conv2dGeometry.of(5, 1, 2)),
            new ConvCase(3, 8, 12, 12, 16, Conv2dGeometry.of(3, 1, 1))};

    @Test
    void conv2dForward() {
        for (ConvCase c : CONV_CASES) {
            float[] x = data.signed(c.n * c.cin * c.h * c.w);
            float[] w = data.signed(c.cout * c.taps());
            float[] bias = data.signed(c.cout);
            for (boolean withBias : new boolean[]{false, true}) {
                check("conv2d " + c + " bias=" + withBias, tol().forReduction(c.taps()), s -> {
                    Tensor y = s.filled(Float.NaN, c.n, c.cout, c.outH(), c.outW());
                    s.backend().conv2d(s.floats(x, c.n, c.cin, c.h, c.w),
                            s.floats(w, c.cout, c.cin, c.g.kernelH(), c.g.kernelW()),
                            withBias ? s.floats(bias, c.cout) : null, c.g, y);
                    return Outputs.of("y", y);
                });
            }
        }
    }

    @Test
    void conv2dBackward() {
        for (ConvCase c : CONV_CASES) {
            float[] x = data.signed(c.n * c.cin * c.h * c.w);
            float[] w = data.signed(c.cout * c.taps());
            float[] dy = data.signed(c.n * c.cout * c.outH() * c.outW());
            check("conv2dBackwardData " + c, tol().forReduction((long) c.cout * c.g.kernelH() * c.g.kernelW()), s -> {
                Tensor dx = s.filled(Float.NaN, c.n, c.cin, c.h, c.w);
                s.backend().conv2dBackwardData(s.floats(dy, c.n, c.cout, c.outH(), c.outW()),
                        s.floats(w, c.cout, c.cin, c.g.kernelH(), c.g.kernelW()), c.g, dx);
                return Outputs.of("dx", dx);
            });
            for (boolean withBias : new boolean[]{false, true}) {
                check("conv2dBackwardWeights " + c + " dBias=" + withBias,
                        tol().forReduction((long) c.n * c.outH() * c.outW()), s -> {
                            Tensor dw = s.filled(Float.NaN, c.cout, c.cin, c.g.kernelH(), c.g.kernelW());
                            Tensor db = withBias ? s.filled(Float.NaN, c.cout) : null;
                            s.backend().conv2dBackwardWeights(s.floats(x, c.n, c.cin, c.h, c.w),
                                    s.floats(dy, c.n, c.cout, c.outH(), c.outW()), c.g, dw, db);
                            Outputs o = Outputs.of("dw", dw);
                            return withBias ? o.add("dBias", db) : o;
                        });
            }
        }
    }

    @Test
    void sparseConv2d() {
        for (ConvCase c : CONV_CASES) {
            int taps = c.taps();
            for (int nnz : new int[]{1, Math.max(1, taps / 3), taps}) {
                TestData.EllData w = data.ell(c.cout, taps, nnz);
                float[] x = data.signed(c.n * c.cin * c.h * c.w);
                float[] dy = data.signed(c.n * c.cout * c.outH() * c.outW());
                float[] bias = data.signed(c.cout);
                String what = c + " nnz=" + nnz;
                boolean withBias = nnz % 2 == 1;
                check("sparseConv2d " + what + " bias=" + withBias, tol().forReduction(nnz), s -> {
                    Tensor y = s.filled(Float.NaN, c.n, c.cout, c.outH(), c.outW());
                    s.backend().sparseConv2d(s.floats(x, c.n, c.cin, c.h, c.w), s.ell(w),
                            withBias ? s.floats(bias, c.cout) : null, c.g, y);
                    return Outputs.of("y", y);
                });
                check("sparseConv2dBackwardData " + what, tol().forReduction((long) c.cout * nnz), s -> {
                    Tensor dx = s.filled(Float.NaN, c.n, c.cin, c.h, c.w);
                    s.backend().sparseConv2dBackwardData(s.floats(dy, c.n, c.cout, c.outH(), c.outW()), s.ell(w), c.g, dx);
                    return Outputs.of("dx", dx);
                });
                check("sparseConv2dBackwardWeights " + what + " dBias=" + withBias,
                        tol().forReduction((long) c.n * c.outH() * c.outW()), s -> {
                            Tensor dv = s.filled(Float.NaN, c.cout, nnz);
                            Tensor db = withBias ? s.filled(Float.NaN, c.cout) : null;
                            s.backend().sparseConv2dBackwardWeights(s.floats(x, c.n, c.cin, c.h, c.w),
                                    s.floats(dy, c.n, c.cout, c.outH(), c.outW()), s.ell(w), c.g, dv, db);
                            Outputs o = Outputs.of("dValues", dv);
                            return withBias ? o.add("dBias", db) : o;
                        });
            }
        }
    }

    /** The kit's convolution cases plus the paper's two MNIST convolutions and output channels off the vector width. */
    private static final ConvCase[] SPARSE_INPUT_CASES = {
            new ConvCase(2, 1, 28, 28, 32, Conv2dGeometry.of(5, 1, 0)),
            new ConvCase(3, 32, 12, 12, 64, Conv2dGeometry.of(5, 1, 0)),
            new ConvCase(2, 5, 9, 11, 13, Conv2dGeometry.of(3, 1, 1)),
            new ConvCase(3, 3, 10, 7, 17, new Conv2dGeometry(2, 3, 3, 2, 0, 2))};

    /**
     * An input of about {@code density} nonzeros (signed values, so sums cancel), in which about a
     * fifth of the image rows are wholly zero, as behind a k-winners layer.
     */
    private float[] sparseInput(ConvCase c, double density) {
        float[] x = data.signed(c.n * c.cin * c.h * c.w);
        for (int row = 0; row < c.n * c.cin * c.h; row++) {
            boolean emptyRow = data.nextInt(5) == 0;
            for (int i = row * c.w; i < (row + 1) * c.w; i++) {
                if (emptyRow || data.nextFloat(0f, 1f) >= density) {
                    x[i] = 0f;
                }
            }
        }
        return x;
    }

    @Test
    void conv2dSparseInput() {
        List<ConvCase> cases = new ArrayList<>(Arrays.asList(CONV_CASES));
        cases.addAll(Arrays.asList(SPARSE_INPUT_CASES));
        for (ConvCase c : cases) {
            float[] w = data.signed(c.cout * c.taps());
            float[] bias = data.signed(c.cout);
            for (double density : new double[]{0.05, 0.2, 0.5, 1.0}) {
                float[] x = density < 1 ? sparseInput(c, density) : data.signed(c.n * c.cin * c.h * c.w);
                boolean withBias = density != 0.2;
                check("conv2dSparseInput " + c + " density=" + density + " bias=" + withBias,
                        tol().forReduction(c.taps()), s -> {
                            Tensor y = s.filled(Float.NaN, c.n, c.cout, c.outH(), c.outW());
                            s.backend().conv2dSparseInput(s.floats(x, c.n, c.cin, c.h, c.w),
                                    s.floats(w, c.cout, c.cin, c.g.kernelH(), c.g.kernelW()),
                                    withBias ? s.floats(bias, c.cout) : null, c.g, y);
                            return Outputs.of("y", y);
                        });
            }
        }
        // An all-zero input gives the bias everywhere: the scatter must still write every output.
        ConvCase c = SPARSE_INPUT_CASES[2];
        float[] w = data.signed(c.cout * c.taps());
        float[] bias = data.signed(c.cout);
        check("conv2dSparseInput all-zero input " + c, tol(), s -> {
            Tensor y = s.filled(Float.NaN, c.n, c.cout, c.outH(), c.outW());
            s.backend().conv2dSparseInput(s.zeros(c.n, c.cin, c.h, c.w),
                    s.floats(w, c.cout, c.cin, c.g.kernelH(), c.g.kernelW()), s.floats(bias, c.cout), c.g, y);
            return Outputs.of("y", y);
        });
    }

    @Test
    void conv2dSparseInputAgreesWithConv2d() {
        // Both primitives on the same backend: the sparse-input path must give conv2d's result.
        for (ConvCase c : SPARSE_INPUT_CASES) {
            float[] x = sparseInput(c, 0.15);
            float[] w = data.signed(c.cout * c.taps());
            float[] bias = data.signed(c.cout);
            try (Scope s = new Scope(backend)) {
                Tensor xs = s.floats(x, c.n, c.cin, c.h, c.w);
                Tensor ws = s.floats(w, c.cout, c.cin, c.g.kernelH(), c.g.kernelW());
                Tensor bs = s.floats(bias, c.cout);
                Tensor dense = s.filled(Float.NaN, c.n, c.cout, c.outH(), c.outW());
                Tensor sparse = s.filled(Float.NaN, c.n, c.cout, c.outH(), c.outW());
                backend.conv2d(xs, ws, bs, c.g, dense);
                backend.conv2dSparseInput(xs, ws, bs, c.g, sparse);
                tol().forReduction(c.taps()).assertClose("conv2dSparseInput vs conv2d " + c + " (seed " + seed + ")",
                        dense.toFloatArray(), sparse.toFloatArray(), dense.shape());
            }
        }
    }

    @Test
    void conv2dSparseInputRejectsBadArguments() {
        try (Scope s = new Scope(backend)) {
            Tensor x = s.zeros(2, 3, 6, 6);
            Tensor w = s.zeros(4, 3, 3, 3);
            Conv2dGeometry g = Conv2dGeometry.of(3, 1, 0);
            assertRejects(IllegalArgumentException.class,
                    () -> backend.conv2dSparseInput(x, s.zeros(4, 2, 3, 3), null, g, s.zeros(2, 4, 4, 4)),
                    "'x'", "2 channels", "[2, 3, 6, 6]");
            assertRejects(IllegalArgumentException.class,
                    () -> backend.conv2dSparseInput(x, w, null, g, s.zeros(2, 4, 5, 5)), "'y'", "[2, 4, 4, 4]",
                    "[2, 4, 5, 5]");
            assertRejects(IllegalArgumentException.class,
                    () -> backend.conv2dSparseInput(x, w, s.zeros(3), g, s.zeros(2, 4, 4, 4)), "'bias'", "[4]", "[3]");
            assertRejects(IllegalArgumentException.class,
                    () -> backend.conv2dSparseInput(x, w, null, Conv2dGeometry.of(5, 1, 0), s.zeros(2, 4, 2, 2)),
                    "'w'", "5x5");
            assertRejects(IllegalArgumentException.class,
                    () -> backend.conv2dSparseInput(s.zeros(2, 3, 2, 2), w, null, g, s.zeros(2, 4, 1, 1)), "'x'",
                    "smaller than the 3x3 kernel");
            assertRejects(IllegalArgumentException.class,
                    () -> backend.conv2dSparseInput(x, w, null, null, s.zeros(2, 4, 4, 4)), "'g'");
        }
    }

    /** {n, c, h, w, kernel, stride}. */
    private static final int[][] POOL_SHAPES = {
            {1, 1, 1, 1, 1, 1}, {2, 3, 7, 7, 2, 2}, {1, 2, 13, 9, 3, 2}, {3, 1, 17, 33, 3, 1}, {2, 5, 28, 28, 2, 2},
            {1, 1, 5, 8, 5, 3}};

    @Test
    void maxPool2d() {
        for (int[] p : POOL_SHAPES) {
            int n = p[0];
            int c = p[1];
            int h = p[2];
            int w = p[3];
            int kernel = p[4];
            int stride = p[5];
            int oh = (h - kernel) / stride + 1;
            int ow = (w - kernel) / stride + 1;
            for (boolean ties : new boolean[]{false, true}) {
                float[] x = ties ? data.smallIntegers(n * c * h * w, -2, 2) : data.signed(n * c * h * w);
                float[] dy = data.signed(n * c * oh * ow);
                check("maxPool2d x=[" + n + ", " + c + ", " + h + ", " + w + "] kernel=" + kernel + " stride=" + stride
                        + (ties ? " with ties" : ""), Tolerance.EXACT, s -> {
                    Tensor y = s.filled(Float.NaN, n, c, oh, ow);
                    Tensor argmax = s.intZeros(n, c, oh, ow);
                    s.backend().maxPool2d(s.floats(x, n, c, h, w), kernel, stride, y, argmax);
                    return Outputs.of("y", y).add("argmax", argmax);
                });
                check("maxPool2d then maxPool2dBackward x=[" + n + ", " + c + ", " + h + ", " + w + "] kernel=" + kernel
                        + " stride=" + stride, tol().forReduction((long) kernel * kernel), s -> {
                    Tensor y = s.zeros(n, c, oh, ow);
                    Tensor argmax = s.intZeros(n, c, oh, ow);
                    s.backend().maxPool2d(s.floats(x, n, c, h, w), kernel, stride, y, argmax);
                    Tensor dx = s.filled(Float.NaN, n, c, h, w);
                    s.backend().maxPool2dBackward(s.floats(dy, n, c, oh, ow), argmax, dx);
                    return Outputs.of("dx", dx);
                });
            }
            // Arbitrary arg-max positions collide often, so dx must add, not assign.
            int[] positions = data.ints(n * c * oh * ow, 0, Math.min(h * w, 3));
            float[] dy = data.signed(n * c * oh * ow);
            check("maxPool2dBackward with colliding positions x=[" + n + ", " + c + ", " + h + ", " + w + "]",
                    tol().forReduction((long) oh * ow), s -> {
                        Tensor dx = s.filled(Float.NaN, n, c, h, w);
                        s.backend().maxPool2dBackward(s.floats(dy, n, c, oh, ow), s.ints(positions, n, c, oh, ow), dx);
                        return Outputs.of("dx", dx);
                    });
        }
    }

    // ---- k-winners -------------------------------------------------------------------------

    /** {batch, n, k}: includes k = 1, k = n and k > n (pass-through). */
    private static final int[][] KWINNERS_SHAPES = {
            {1, 1, 1}, {3, 7, 1}, {3, 7, 3}, {13, 17, 16}, {5, 33, 33}, {4, 33, 40}, {17, 130, 13}, {7, 1000, 50},
            // long rows reach the GPU backends' multi-work-group path (rows beyond one work-group's local memory)
            {3, 2048, 100}, {2, 5003, 251}, {1, 20011, 1001}};

    @Test
    void kWinners() {
        for (int[] sh : KWINNERS_SHAPES) {
            int batch = sh[0];
            int n = sh[1];
            int k = sh[2];
            for (int groups : boostGroupCounts(n)) {
                // Scores x * boost without near-ties: pick well-separated scores, then divide by the boost.
                float[] boost = groups == 0 ? null : data.positive(groups, 0.5f, 2f);
                float[] x = data.distinctRows(batch, n);
                if (boost != null) {
                    for (int i = 0; i < x.length; i++) {
                        x[i] /= boost[(i % n) / (n / groups)];
                    }
                }
                checkKWinners(batch, n, k, x, boost, groups == 0 ? "no boost" : groups + " boost groups");
            }
            // Exact ties: small integers, and a uniform boost that keeps them tied.
            float[] tied = data.smallIntegers(batch * n, -2, 2);
            checkKWinners(batch, n, k, tied, null, "ties, no boost");
            float[] flatBoost = new float[n];
            Arrays.fill(flatBoost, 1.5f);
            checkKWinners(batch, n, k, tied, flatBoost, "ties, uniform boost per unit");
        }
    }

    /** 0 (no boost), n (per unit) and, where n has one, a proper divisor (per group; 1 = one global factor). */
    private static int[] boostGroupCounts(int n) {
        int divisor = 1;
        for (int d = 2; d < n; d++) {
            if (n % d == 0) {
                divisor = d;
                break;
            }
        }
        return n == 1 ? new int[]{0, 1} : new int[]{0, n, divisor};
    }

    private void checkKWinners(int batch, int n, int k, float[] x, float[] boost, String label) {
        check("kWinners B=" + batch + " n=" + n + " k=" + k + " (" + label + ")", Tolerance.EXACT, s -> {
            Tensor out = s.filled(Float.NaN, batch, n);
            Tensor indices = s.intZeros(batch, Math.min(k, n));
            s.backend().kWinners(s.floats(x, batch, n), boost == null ? null : s.floats(boost, boost.length), k, out,
                    indices);
            return Outputs.of("out", out).add("indices", indices);
        });
    }

    @Test
    void kWinnersGlobal2dThroughReshape() {
        // The 2-d global variant: [B, C, H, W] viewed as [B, C*H*W] with a per-channel boost.
        int batch = 3;
        int channels = 5;
        int plane = 7 * 3;
        int n = channels * plane;
        int k = 17;
        float[] boost = data.positive(channels, 0.5f, 2f);
        float[] x = data.distinctRows(batch, n);
        for (int i = 0; i < x.length; i++) {
            x[i] /= boost[(i % n) / plane];
        }
        check("kWinners global 2-d [3, 5, 7, 3] k=17", Tolerance.EXACT, s -> {
            Tensor x4 = s.floats(x, batch, channels, 7, 3);
            Tensor out = s.filled(Float.NaN, batch, channels, 7, 3);
            Tensor indices = s.intZeros(batch, k);
            s.backend().kWinners(x4.reshape(batch, -1), s.floats(boost, channels), k, out.reshape(batch, -1), indices);
            return Outputs.of("out", out).add("indices", indices);
        });
    }

    @Test
    void kWinnersLocal() {
        // {batch, channels, h, w, k}
        int[][] shapes = {{1, 1, 1, 1, 1}, {2, 7, 3, 5, 2}, {3, 13, 4, 4, 13}, {2, 17, 5, 3, 20}, {4, 33, 7, 7, 5},
                {2, 64, 9, 9, 16}};
        for (int[] sh : shapes) {
            int batch = sh[0];
            int channels = sh[1];
            int h = sh[2];
            int w = sh[3];
            int k = sh[4];
            int plane = h * w;
            for (boolean boosted : new boolean[]{false, true}) {
                float[] boost = boosted ? data.positive(channels, 0.5f, 2f) : null;
                float[] rows = data.distinctRows(batch * plane, channels);
                float[] x = new float[batch * channels * plane];
                for (int b = 0; b < batch; b++) {
                    for (int p = 0; p < plane; p++) {
                        for (int c = 0; c < channels; c++) {
                            float v = rows[(b * plane + p) * channels + c];
                            x[(b * channels + c) * plane + p] = boosted ? v / boost[c] : v;
                        }
                    }
                }
                checkKWinnersLocal(batch, channels, h, w, k, x, boost, boosted ? "boosted" : "no boost");
            }
            checkKWinnersLocal(batch, channels, h, w, k, data.smallIntegers(batch * channels * plane, -2, 2), null,
                    "ties");
        }
    }

    private void checkKWinnersLocal(int batch, int channels, int h, int w, int k, float[] x, float[] boost,
                                    String label) {
        int kk = Math.min(k, channels);
        check("kWinnersLocal x=[" + batch + ", " + channels + ", " + h + ", " + w + "] k=" + k + " (" + label + ")",
                Tolerance.EXACT, s -> {
                    Tensor out = s.filled(Float.NaN, batch, channels, h, w);
                    Tensor indices = s.intZeros(batch, kk, h, w);
                    s.backend().kWinnersLocal(s.floats(x, batch, channels, h, w),
                            boost == null ? null : s.floats(boost, channels), k, out, indices);
                    return Outputs.of("out", out).add("indices", indices);
                });
    }

    @Test
    void kWinnersBackward() {
        for (int[] sh : KWINNERS_SHAPES) {
            int batch = sh[0];
            int n = sh[1];
            int k = Math.min(sh[2], n);
            int[] indices = data.distinctSortedRows(batch, k, n);
            float[] dy = data.signed(batch * n);
            check("kWinnersBackward B=" + batch + " n=" + n + " k=" + k, Tolerance.EXACT, s -> {
                Tensor dx = s.filled(Float.NaN, batch, n);
                s.backend().kWinnersBackward(s.floats(dy, batch, n), s.ints(indices, batch, k), dx);
                return Outputs.of("dx", dx);
            });
        }
        int[][] local = {{1, 1, 1, 1, 1}, {2, 7, 3, 5, 2}, {3, 13, 4, 4, 13}, {2, 33, 7, 7, 5}};
        for (int[] sh : local) {
            int batch = sh[0];
            int channels = sh[1];
            int h = sh[2];
            int w = sh[3];
            int k = sh[4];
            int plane = h * w;
            int[] perPosition = data.distinctSortedRows(batch * plane, k, channels);
            int[] indices = new int[batch * k * plane];
            for (int b = 0; b < batch; b++) {
                for (int p = 0; p < plane; p++) {
                    for (int j = 0; j < k; j++) {
                        indices[(b * k + j) * plane + p] = perPosition[(b * plane + p) * k + j];
                    }
                }
            }
            float[] dy = data.signed(batch * channels * plane);
            check("kWinnersLocalBackward x=[" + batch + ", " + channels + ", " + h + ", " + w + "] k=" + k,
                    Tolerance.EXACT, s -> {
                        Tensor dx = s.filled(Float.NaN, batch, channels, h, w);
                        s.backend().kWinnersLocalBackward(s.floats(dy, batch, channels, h, w),
                                s.ints(indices, batch, k, h, w), dx);
                        return Outputs.of("dx", dx);
                    });
        }
    }

    @Test
    void dutyCyclesAndBoostFactors() {
        // {batch, n, groups, period}
        int[][] shapes = {{1, 1, 1, 1}, {3, 7, 7, 3}, {13, 130, 130, 1000}, {17, 130, 13, 17}, {33, 1000, 10, 1000},
                {64, 2048, 2048, 64}};
        for (int[] sh : shapes) {
            int batch = sh[0];
            int n = sh[1];
            int groups = sh[2];
            int period = sh[3];
            float[] out = data.signed(batch * n);
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.max(out[i], 0f);
            }
            float[] duty = data.uniform(groups, 0f, 0.3f);
            check("dutyCycleUpdate B=" + batch + " n=" + n + " groups=" + groups + " period=" + period, tol(), s -> {
                Tensor d = s.floats(duty, groups);
                s.backend().dutyCycleUpdate(s.floats(out, batch, n), d, period);
                return Outputs.of("duty", d);
            });
            for (float strength : new float[]{0f, 1.5f, 10f}) {
                check("boostFactors groups=" + groups + " strength=" + strength, tol(), s -> {
                    Tensor boost = s.filled(Float.NaN, groups);
                    s.backend().boostFactors(s.floats(duty, groups), 0.1f, strength, boost);
                    return Outputs.of("boost", boost);
                });
            }
        }
    }

    // ---- element-wise ------------------------------------------------------------------------

    @Test
    void addBias() {
        for (int n : SIZES) {
            int batch = 1 + data.nextInt(5);
            float[] x = data.signed(batch * n);
            float[] bias = data.signed(n);
            check("addBias [" + batch + ", " + n + "]", tol(), s -> {
                Tensor t = s.floats(x, batch, n);
                s.backend().addBias(t, s.floats(bias, n));
                return Outputs.of("x", t);
            });
        }
        int[][] shapes4 = {{1, 1, 1, 1}, {2, 3, 5, 7}, {3, 13, 4, 9}, {2, 64, 7, 7}};
        for (int[] sh : shapes4) {
            float[] x = data.signed(sh[0] * sh[1] * sh[2] * sh[3]);
            float[] bias = data.signed(sh[1]);
            check("addBias " + Arrays.toString(sh), tol(), s -> {
                Tensor t = s.floats(x, sh);
                s.backend().addBias(t, s.floats(bias, sh[1]));
                return Outputs.of("x", t);
            });
        }
    }

    @Test
    void elementwise() {
        for (int n : SIZES) {
            float[] x = data.signed(n);
            float[] ties = data.smallIntegers(n, -2, 2);
            float[] other = data.signed(n);
            float[] dy = data.signed(n);
            float alpha = data.nextFloat(-3, 3);
            check("relu n=" + n, Tolerance.EXACT, s -> {
                Tensor y = s.filled(Float.NaN, n);
                Tensor inPlace = s.floats(x, n);
                s.backend().relu(s.floats(x, n), y);
                s.backend().relu(inPlace, inPlace);
                return Outputs.of("y", y).add("inPlace", inPlace);
            });
            check("reluBackward n=" + n + " (x with exact zeros)", Tolerance.EXACT, s -> {
                Tensor dx = s.filled(Float.NaN, n);
                s.backend().reluBackward(s.floats(dy, n), s.floats(ties, n), dx);
                return Outputs.of("dx", dx);
            });
            check("mul n=" + n, tol(), s -> {
                Tensor out = s.filled(Float.NaN, n);
                Tensor a = s.floats(x, n);
                s.backend().mul(a, s.floats(other, n), out);
                Tensor inPlace = s.floats(x, n);
                s.backend().mul(inPlace, s.floats(other, n), inPlace);
                return Outputs.of("out", out).add("inPlace", inPlace);
            });
            check("axpy n=" + n + " alpha=" + alpha, tol(), s -> {
                Tensor y = s.floats(other, n, 1);
                s.backend().axpy(alpha, s.floats(x, n), y);
                return Outputs.of("y", y);
            });
            check("scale n=" + n + " alpha=" + alpha, tol(), s -> {
                Tensor t = s.floats(x, n);
                s.backend().scale(alpha, t);
                return Outputs.of("x", t);
            });
            check("clamp n=" + n, Tolerance.EXACT, s -> {
                Tensor t = s.floats(x, n);
                s.backend().clamp(t, -0.25f, 0.5f);
                Tensor point = s.floats(x, n);
                s.backend().clamp(point, 0.125f, 0.125f);
                return Outputs.of("x", t).add("lo==hi", point);
            });
            check("greaterEqual n=" + n + " (threshold hit exactly)", Tolerance.EXACT, s -> {
                Tensor out = s.filled(Float.NaN, n);
                s.backend().greaterEqual(s.floats(ties, n), 1f, out);
                Tensor out2 = s.filled(Float.NaN, n);
                s.backend().greaterEqual(s.floats(x, n), 0.1f, out2);
                return Outputs.of("ties", out).add("random", out2);
            });
        }
    }

    @Test
    void rowReductionsAndGathers() {
        int[][] shapes = {{1, 1}, {3, 7}, {13, 17}, {64, 130}, {1, 1000}, {257, 33}, {5, 4099}};
        for (int[] sh : shapes) {
            int batch = sh[0];
            int n = sh[1];
            float[] x = data.signed(batch * n);
            float[] ties = data.smallIntegers(batch * n, -1, 1);
            int k = 1 + data.nextInt(Math.min(n, 40));
            int[] indices = data.ints(batch * k, 0, n);
            check("sumRows [" + batch + ", " + n + "]", tol().forReduction(batch), s -> {
                Tensor out = s.filled(Float.NaN, n);
                s.backend().sumRows(s.floats(x, batch, n), out);
                return Outputs.of("out", out);
            });
            check("gatherRows [" + batch + ", " + n + "] k=" + k, Tolerance.EXACT, s -> {
                Tensor out = s.filled(Float.NaN, batch, k);
                s.backend().gatherRows(s.floats(x, batch, n), s.ints(indices, batch, k), out);
                return Outputs.of("out", out);
            });
            check("argmaxRows [" + batch + ", " + n + "]", Tolerance.EXACT, s -> {
                Tensor out = s.intZeros(batch);
                s.backend().argmaxRows(s.floats(x, batch, n), out);
                Tensor tied = s.intZeros(batch);
                s.backend().argmaxRows(s.floats(ties, batch, n), tied);
                return Outputs.of("random", out).add("ties", tied);
            });
        }
    }

    // ---- loss --------------------------------------------------------------------------------

    @Test
    void logSoftmaxAndNll() {
        int[][] shapes = {{1, 1}, {3, 7}, {13, 10}, {17, 130}, {64, 1000}, {2, 4099}};
        for (int[] sh : shapes) {
            int batch = sh[0];
            int classes = sh[1];
            float[] logits = data.uniform(batch * classes, -20f, 20f);
            int[] labels = data.labels(batch, classes);
            float[] logProbs = hostLogSoftmax(logits, batch, classes);
            check("logSoftmax [" + batch + ", " + classes + "]", tol().forReduction(classes), s -> {
                Tensor out = s.filled(Float.NaN, batch, classes);
                s.backend().logSoftmax(s.floats(logits, batch, classes), out);
                Tensor inPlace = s.floats(logits, batch, classes);
                s.backend().logSoftmax(inPlace, inPlace);
                return Outputs.of("out", out).add("inPlace", inPlace);
            });
            check("nllLoss [" + batch + ", " + classes + "]", tol().forReduction(batch), s -> new Outputs()
                    .add("loss", s.backend().nllLoss(s.floats(logProbs, batch, classes), s.ints(labels, batch))));
            check("logSoftmaxNllBackward [" + batch + ", " + classes + "]", tol(), s -> {
                Tensor d = s.filled(Float.NaN, batch, classes);
                s.backend().logSoftmaxNllBackward(s.floats(logProbs, batch, classes), s.ints(labels, batch), d);
                return Outputs.of("dLogits", d);
            });
        }
    }

    private static float[] hostLogSoftmax(float[] x, int batch, int classes) {
        float[] out = new float[x.length];
        for (int b = 0; b < batch; b++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, x[b * classes + c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(x[b * classes + c] - max);
            }
            for (int c = 0; c < classes; c++) {
                out[b * classes + c] = (float) (x[b * classes + c] - max - Math.log(sum));
            }
        }
        return out;
    }

    // ---- normalisation and dropout --------------------------------------------------------------

    private static final int[][] BATCH_NORM_SHAPES = {{2, 1}, {3, 7}, {17, 13}, {64, 130}, {2, 3, 5, 5}, {3, 7, 4, 3},
            {16, 8, 7, 7}, {1, 4, 3, 3}};

    @Test
    void batchNormForward() {
        for (int[] shape : BATCH_NORM_SHAPES) {
            int channels = shape[1];
            int size = 1;
            for (int d : shape) {
                size *= d;
            }
            long count = size / channels;
            float[] x = data.uniform(size, -3f, 5f);
            float[] gamma = data.uniform(channels, 0.5f, 1.5f);
            float[] beta = data.signed(channels);
            float[] runningMean = data.signed(channels);
            float[] runningVar = data.positive(channels, 0.5f, 2f);
            for (boolean training : new boolean[]{true, false}) {
                for (boolean affine : new boolean[]{true, false}) {
                    check("batchNorm " + Arrays.toString(shape) + " training=" + training + " affine=" + affine,
                            tol().forReduction(count), s -> {
                                Tensor y = s.filled(Float.NaN, shape);
                                Tensor rm = s.floats(runningMean, channels);
                                Tensor rv = s.floats(runningVar, channels);
                                Tensor sm = s.filled(Float.NaN, channels);
                                Tensor si = s.filled(Float.NaN, channels);
                                s.backend().batchNorm(s.floats(x, shape), affine ? s.floats(gamma, channels) : null,
                                        affine ? s.floats(beta, channels) : null, rm, rv, training, 0.1f, 1e-5f, y, sm, si);
                                return Outputs.of("y", y).add("saveMean", sm).add("saveInvStd", si)
                                        .add("runningMean", rm).add("runningVar", rv);
                            });
                }
            }
        }
    }

    @Test
    void batchNormBackward() {
        for (int[] shape : BATCH_NORM_SHAPES) {
            int channels = shape[1];
            int size = 1;
            for (int d : shape) {
                size *= d;
            }
            int count = size / channels;
            int plane = count / shape[0];
            float[] x = data.uniform(size, -3f, 5f);
            float[] dy = data.signed(size);
            float[] gamma = data.uniform(channels, 0.5f, 1.5f);
            // The statistics a training forward pass saves, computed here in double.
            float[] mean = new float[channels];
            float[] invStd = new float[channels];
            for (int c = 0; c < channels; c++) {
                double sum = 0;
                double squares = 0;
                for (int b = 0; b < shape[0]; b++) {
                    for (int p = 0; p < plane; p++) {
                        sum += x[(b * channels + c) * plane + p];
                    }
                }
                double m = sum / count;
                for (int b = 0; b < shape[0]; b++) {
                    for (int p = 0; p < plane; p++) {
                        double d = x[(b * channels + c) * plane + p] - m;
                        squares += d * d;
                    }
                }
                mean[c] = (float) m;
                invStd[c] = (float) (1 / Math.sqrt(squares / count + 1e-5));
            }
            for (boolean affine : new boolean[]{true, false}) {
                for (boolean paramGrads : new boolean[]{true, false}) {
                    check("batchNormBackward " + Arrays.toString(shape) + " affine=" + affine
                            + " dGamma/dBeta=" + paramGrads, tol().forReduction(count).times(4), s -> {
                        Tensor dx = s.filled(Float.NaN, shape);
                        Tensor dGamma = paramGrads ? s.filled(Float.NaN, channels) : null;
                        Tensor dBeta = paramGrads ? s.filled(Float.NaN, channels) : null;
                        s.backend().batchNormBackward(s.floats(dy, shape), s.floats(x, shape),
                                affine ? s.floats(gamma, channels) : null, s.floats(mean, channels),
                                s.floats(invStd, channels), dx, dGamma, dBeta);
                        Outputs o = Outputs.of("dx", dx);
                        return paramGrads ? o.add("dGamma", dGamma).add("dBeta", dBeta) : o;
                    });
                }
            }
        }
    }

    @Test
    void dropoutMasksAreBitExact() {
        long[] offsets = {0, 5, (1L << 34) - 5};
        for (int n : SIZES) {
            float[] x = data.signed(n);
            for (float p : new float[]{0f, 0.1f, 0.5f, 0.9f}) {
                long seedValue = data.nextLong();
                long offset = offsets[data.nextInt(offsets.length)];
                check("dropout n=" + n + " p=" + p + " seed=" + seedValue + " offset=" + offset, Tolerance.EXACT, s -> {
                    Tensor y = s.filled(Float.NaN, n);
                    Tensor mask = s.filled(Float.NaN, n);
                    s.backend().dropout(s.floats(x, n), p, seedValue, offset, y, mask);
                    return Outputs.of("mask", mask).add("y", y);
                });
            }
        }
    }

    // ---- optimiser ---------------------------------------------------------------------------

    @Test
    void sgdStep() {
        // {momentum, weightDecay, with velocity (0/1), with keep mask (0/1)}
        float[][] settings = {{0f, 0f, 0, 0}, {0.9f, 0f, 1, 0}, {0.9f, 5e-4f, 1, 1}, {0f, 1e-2f, 1, 1}, {0.5f, 0f, 1, 1}};
        for (int n : SIZES) {
            for (float[] st : settings) {
                float momentum = st[0];
                float weightDecay = st[1];
                boolean withVelocity = st[2] != 0;
                boolean withMask = st[3] != 0;
                float[] param = data.signed(n);
                float[] velocity = data.signed(n);
                float[][] grads = {data.signed(n), data.signed(n), data.signed(n)};
                float[] mask = data.smallIntegers(n, 0, 1);
                float lr = data.nextFloat(0.01f, 0.5f);
                check("sgdStep x3 n=" + n + " lr=" + lr + " momentum=" + momentum + " weightDecay=" + weightDecay
                        + " velocity=" + withVelocity + " keepMask=" + withMask, tol(), s -> {
                    Tensor pt = s.floats(param, n);
                    Tensor vt = withVelocity ? s.floats(velocity, n) : null;
                    Tensor kt = withMask ? s.floats(mask, n) : null;
                    for (float[] g : grads) {
                        s.backend().sgdStep(pt, s.floats(g, n), vt, lr, momentum, weightDecay, kt);
                    }
                    Outputs o = Outputs.of("param", pt);
                    return withVelocity ? o.add("velocity", vt) : o;
                });
            }
        }
    }

    // ---- bad input -------------------------------------------------------------------------------

    /** Asserts {@code call} throws {@code type} with a message containing every fragment. */
    private static void assertRejects(Class<? extends RuntimeException> type, Executable call, String... fragments) {
        RuntimeException e = assertThrows(type, call);
        String message = String.valueOf(e.getMessage());
        for (String f : fragments) {
            assertTrue(message.contains(f), () -> "message should contain '" + f + "': " + message);
        }
    }

    @Test
    void badShapesAreRejectedWithNamedArguments() {
        try (Scope s = new Scope(backend)) {
            Tensor a = s.zeros(3, 4);
            Tensor b5 = s.zeros(5, 2);
            Tensor c = s.zeros(3, 2);
            assertRejects(IllegalArgumentException.class, () -> backend.gemm(false, false, 1, a, b5, 0, c),
                    "inner dimensions", "[3, 4]", "[5, 2]");
            Tensor b4 = s.zeros(4, 2);
            Tensor c33 = s.zeros(3, 3);
            assertRejects(IllegalArgumentException.class, () -> backend.gemm(false, false, 1, a, b4, 0, c33),
                    "'c'", "[3, 2]", "[3, 3]");

            EllMatrix w = s.ell(data.ell(5, 7, 2));
            Tensor x = s.zeros(2, 7);
            Tensor yWrong = s.zeros(2, 4);
            assertRejects(IllegalArgumentException.class, () -> backend.ellMatmul(x, w, null, yWrong),
                    "'y'", "[2, 5]", "[2, 4]");
            Tensor biasWrong = s.zeros(3);
            assertRejects(IllegalArgumentException.class, () -> backend.ellMatmul(x, w, biasWrong, s.zeros(2, 5)),
                    "'bias'", "[5]", "[3]");

            Tensor xs = s.zeros(2, 3, 6, 6);
            Tensor wConv = s.zeros(4, 2, 3, 3);
            assertRejects(IllegalArgumentException.class,
                    () -> backend.conv2d(xs, wConv, null, Conv2dGeometry.of(3, 1, 0), s.zeros(2, 4, 4, 4)),
                    "'x'", "2 channels", "[2, 3, 6, 6]");

            Tensor rows = s.zeros(4, 9);
            assertRejects(IllegalArgumentException.class, () -> backend.sumRows(rows, s.zeros(4)), "'out'", "[9]", "[4]");
            assertRejects(IllegalArgumentException.class,
                    () -> backend.batchNorm(rows, s.zeros(4), s.zeros(4), s.zeros(9), s.zeros(9), true, 0.1f, 1e-5f,
                            s.zeros(4, 9), s.zeros(9), s.zeros(9)), "'gamma'", "[9]", "[4]");
            assertRejects(IllegalArgumentException.class, () -> backend.mul(rows, s.zeros(9, 4), s.zeros(4, 9)),
                    "'b'", "[4, 9]", "[9, 4]");
        }
    }

    @Test
    void badScalarsAreRejectedWithNamedArguments() {
        try (Scope s = new Scope(backend)) {
            Tensor x = s.zeros(2, 5);
            assertRejects(IllegalArgumentException.class, () -> backend.kWinners(x, null, 0, s.zeros(2, 5), s.intZeros(2, 0)),
                    "'k'", "> 0", "0");
            assertRejects(IllegalArgumentException.class, () -> backend.kWinners(x, null, -3, s.zeros(2, 5), s.intZeros(2, 1)),
                    "'k'", "-3");
            assertRejects(IllegalArgumentException.class,
                    () -> backend.kWinnersLocal(s.zeros(1, 3, 2, 2), null, 0, s.zeros(1, 3, 2, 2), s.intZeros(1, 1, 2, 2)),
                    "'k'", "0");
            assertRejects(IllegalArgumentException.class, () -> backend.zeros(3, -1), "shape", "-1");
            assertRejects(IllegalArgumentException.class, () -> backend.zeros(DType.INT32, -2), "shape", "-2");
            assertRejects(IllegalArgumentException.class, () -> backend.dropout(x, 1f, 1, 0, s.zeros(2, 5), s.zeros(2, 5)),
                    "'p'", "[0, 1)", "1.0");
            assertRejects(IllegalArgumentException.class, () -> backend.clamp(x, 1f, -1f), "'lo'", "'hi'", "lo=1.0");
            assertRejects(IllegalArgumentException.class, () -> backend.kWinners(x, s.zeros(3), 2, s.zeros(2, 5),
                    s.intZeros(2, 2)), "'boost'", "5", "[3]");
        }
    }

    @Test
    void closedForeignAndMistypedTensorsAreRejected() {
        try (Scope s = new Scope(backend); Scope other = new Scope(reference)) {
            Tensor closed = backend.zeros(4);
            Tensor viewOfClosed = closed.reshape(4);
            closed.close();
            Tensor y = s.zeros(4);
            assertRejects(IllegalStateException.class, () -> backend.relu(closed, y), "'x'", "closed");
            assertRejects(IllegalStateException.class, () -> backend.relu(y, viewOfClosed), "'y'", "closed");
            assertRejects(IllegalStateException.class, () -> backend.fill(closed, 1f), "'t'", "closed");

            Tensor foreign = other.zeros(4);
            assertRejects(IllegalArgumentException.class, () -> backend.relu(foreign, y), "'x'", "belongs to backend",
                    reference.name(), backend.name());
            assertRejects(IllegalArgumentException.class, () -> backend.copy(y, foreign), "'dst'", "belongs to backend");

            Tensor ints = s.intZeros(4);
            assertRejects(IllegalArgumentException.class, () -> backend.relu(ints, y), "'x'", "float32", "int32");
            Tensor floatIndices = s.zeros(2, 1);
            assertRejects(IllegalArgumentException.class,
                    () -> backend.gatherRows(s.zeros(2, 3), floatIndices, s.zeros(2, 1)), "'indices'", "int32", "float32");
            assertRejects(IllegalArgumentException.class, () -> backend.argmaxRows(s.zeros(2, 3), s.zeros(2)),
                    "'out'", "int32", "float32");
            assertRejects(IllegalArgumentException.class, () -> backend.copy(y, ints), "'dst'", "float32", "int32");

            Tensor a = s.zeros(3, 3);
            Tensor b = s.zeros(3, 3);
            assertRejects(IllegalArgumentException.class, () -> backend.gemm(false, false, 1, a, b, 0, a), "'c'",
                    "share storage");
        }
    }

    @Test
    void tensorReadsAndWritesCheckLengthAndType() {
        try (Tensor t = backend.zeros(2, 3)) {
            assertRejects(IllegalArgumentException.class, () -> t.copyFrom(new float[5]), "length 5", "6");
            assertRejects(IllegalArgumentException.class, () -> t.copyFrom(new int[6]), "float32", "int32");
            assertRejects(IllegalArgumentException.class, () -> t.reshape(4, 2), "[2, 3]", "[4, 2]");
            float[] values = data.signed(6);
            t.copyFrom(values);
            assertArrayEquals(values, t.reshape(3, 2).toFloatArray());
        }
    }

    /** A helper for subclasses: this kit's comparison with a given tolerance (e.g. for extra backend-specific checks). */
    protected final void compare(String what, Tolerance tol, Function<Scope, Outputs> op) {
        check(what, tol, op);
    }
}
