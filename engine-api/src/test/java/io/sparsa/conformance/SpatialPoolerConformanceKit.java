package io.sparsa.conformance;

import io.sparsa.backend.Backend;
import io.sparsa.backend.BackendConfig;
import io.sparsa.backend.BackendProvider;
import io.sparsa.backend.Probe;
import io.sparsa.htm.BinaryCodes;
import io.sparsa.htm.ColumnActivity;
import io.sparsa.htm.KnnClassifier;
import io.sparsa.htm.SpatialPooler;
import io.sparsa.htm.SpatialPoolerConfig;
import io.sparsa.reference.ReferenceBackend;
import io.sparsa.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The spatial pooler and the k-NN classifier on a backend, compared with the same code on the
 * {@link ReferenceBackend}: overlaps, winners, learning steps (online and mini-batch, with
 * boosting, bumping and the stimulus-threshold raise), duty cycles, boost factors, the fast
 * encoding path, local inhibition and nearest neighbours. A backend module runs it with
 * <pre>{@code
 * class CpuSpatialPoolerConformanceTest extends SpatialPoolerConformanceKit {
 *     protected BackendProvider provider() { return new CpuProvider(); }
 * }
 * }</pre>
 * When the provider's probe says unavailable, the kit prints
 * {@code SKIPPED <name> spatial pooler conformance: <reason>} and its tests are skipped. The
 * random seed is printed; {@code -Dsparsa.test.seed=N} replays a run.
 *
 * <p>Overlaps are whole numbers and winners indices, so both must match exactly; permanences, duty
 * cycles and boost factors are float results within {@link #tolerance()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SpatialPoolerConformanceKit {
    /** The backend under test. */
    protected Backend backend;
    /** The ground truth. */
    protected ReferenceBackend reference;
    private Comparison comparison;
    private TestData data;
    private long seed;

    /** The provider of the backend under test. */
    protected abstract BackendProvider provider();

    /** Slack for permanences, duty cycles and boost factors. */
    protected Tolerance tolerance() {
        return new Tolerance(1e-5, 1e-4);
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
            String line = "SKIPPED " + provider.name() + " spatial pooler conformance: " + probe.fullReason();
            System.out.println(line);
            Assumptions.assumeTrue(false, line);
        }
        backend = provider.create(config());
        reference = new ReferenceBackend();
        comparison = new Comparison(backend, reference);
        seed = TestData.seedFromProperties(provider.name() + " spatial pooler conformance ("
                + backend.deviceDescription() + ")");
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
        data = new TestData(seed).derive(info.getTestMethod().map(Method::getName).orElse(info.getDisplayName()));
    }

    /**
     * 13x11 inputs under 9x7 columns, pools cut at the edges (so some are padded), 7 winners,
     * stimulus threshold 1, boosting, and a weak-column threshold high enough to bump.
     */
    private SpatialPoolerConfig config(long poolSeed) {
        return SpatialPoolerConfig.builder().inputDimensions(13, 11).columnDimensions(9, 7).potentialRadius(3)
                .potentialPct(0.6f).wrapAround(false).numActiveColumnsPerInhArea(7).stimulusThreshold(1)
                .synPermActiveInc(0.06f).synPermInactiveDec(0.02f).synPermConnected(0.3f)
                .minPctOverlapDutyCycle(0.3f).dutyCyclePeriod(17).boostStrength(2.5f).seed(poolSeed).build();
    }

    /** {@code rows} random binary inputs, about a third of the bits on, none empty. */
    private float[] binaryInputs(int rows, int n) {
        float[] x = new float[rows * n];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < n; i++) {
                x[r * n + i] = data.nextInt(3) == 0 ? 1f : 0f;
            }
            x[r * n + data.nextInt(n)] = 1f;
        }
        return x;
    }

    private void check(String what, Tolerance tol, Function<Scope, Outputs> op) {
        try {
            comparison.check(what, tol, op);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n(seed " + seed + ": rerun with -D" + TestData.SEED_PROPERTY
                    + "=" + seed + ")", e);
        }
    }

    /** Codes flattened as {@code bits of row 0, -1, bits of row 1, -1, ...} for exact comparison. */
    private static int[] flatten(List<BinaryCodes> all) {
        List<Integer> out = new ArrayList<>();
        for (BinaryCodes c : all) {
            for (int r = 0; r < c.rows(); r++) {
                for (int b : c.row(r)) {
                    out.add(b);
                }
                out.add(-1);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void overlapsAndWinnersWithoutLearning() {
        long poolSeed = data.nextLong();
        int n = 143;
        int batch = 5;
        float[] x = binaryInputs(batch, n);
        check("spatial pooler inference", Tolerance.EXACT, s -> {
            try (SpatialPooler sp = new SpatialPooler(s.backend(), config(poolSeed))) {
                ColumnActivity a = sp.compute(s.floats(x, batch, n), false);
                BinaryCodes viaCompute = a.codes();
                Outputs o = Outputs.of("overlaps", a.overlaps()).add("active", a.active()).add("winners", a.winners());
                BinaryCodes viaEncode = sp.encode(BinaryCodes.fromDense(x, n, 0.5f), 2);
                assertEquals(viaCompute, viaEncode, "encode (sparse-sparse) must pick the columns compute (ELL) picks on "
                        + s.backend().name());
                int[] flat = flatten(List.of(viaEncode));
                return o.add("codes", s.ints(flat, flat.length));
            }
        });
    }

    @Test
    void learningStepsOnlineAndInMiniBatches() {
        long poolSeed = data.nextLong();
        int n = 143;
        int online = 30;
        int batches = 3;
        int batch = 3;
        float[] x = binaryInputs(online + batches * batch, n);
        check("spatial pooler learning", tolerance(), s -> {
            try (SpatialPooler sp = new SpatialPooler(s.backend(), config(poolSeed))) {
                List<BinaryCodes> steps = new ArrayList<>();
                List<Tensor> overlaps = new ArrayList<>();
                for (int i = 0; i < online; i++) {
                    float[] row = java.util.Arrays.copyOfRange(x, i * n, (i + 1) * n);
                    ColumnActivity a = sp.compute(s.floats(row, 1, n), true);
                    steps.add(a.codes());
                    if (i % 10 == 9) {
                        overlaps.add(s.floats(a.overlaps().toFloatArray(), sp.numColumns()));
                    }
                }
                for (int j = 0; j < batches; j++) {
                    int from = (online + j * batch) * n;
                    float[] rows = java.util.Arrays.copyOfRange(x, from, from + batch * n);
                    steps.add(sp.compute(s.floats(rows, batch, n), true).codes());
                }
                int[] flat = flatten(steps);
                Outputs o = new Outputs().add("winners of every step", s.ints(flat, flat.length))
                        .add("permanences", s.floats(sp.permanences(), sp.permanences().length))
                        .add("connected", s.floats(sp.connectedMask(), sp.connectedMask().length))
                        .add("overlap duty cycles", s.floats(sp.overlapDutyCycles(), sp.numColumns()))
                        .add("active duty cycles", s.floats(sp.activeDutyCycles(), sp.numColumns()))
                        .add("boost factors", s.floats(sp.boostFactors(), sp.numColumns()));
                for (int i = 0; i < overlaps.size(); i++) {
                    o.add("overlaps of step " + (10 * i + 9), overlaps.get(i));
                }
                return o;
            }
        });
    }

    /**
     * Local inhibition on the same grid: winners per neighbourhood, neighbourhood boosting and
     * weak-column thresholds, through an update of the inhibition radius (step
     * {@link SpatialPooler#UPDATE_PERIOD}), then inference by compute and by encode.
     */
    @Test
    void localInhibitionLearningAndInference() {
        long poolSeed = data.nextLong();
        int n = 143;
        int online = SpatialPooler.UPDATE_PERIOD + 5;
        int batch = 3;
        int test = 4;
        float[] x = binaryInputs(online + batch + test, n);
        for (boolean wrap : new boolean[]{false, true}) {
            SpatialPoolerConfig config = config(poolSeed).toBuilder().globalInhibition(false).localAreaDensity(0.15f)
                    .wrapAround(wrap).build();
            check("spatial pooler local inhibition, wrapAround " + wrap, tolerance(), s -> {
                try (SpatialPooler sp = new SpatialPooler(s.backend(), config)) {
                    List<BinaryCodes> steps = new ArrayList<>();
                    int[] radii = new int[2];
                    radii[0] = sp.inhibitionRadius();
                    for (int i = 0; i < online; i++) {
                        float[] row = java.util.Arrays.copyOfRange(x, i * n, (i + 1) * n);
                        steps.add(sp.compute(s.floats(row, 1, n), true).codes());
                    }
                    float[] rows = java.util.Arrays.copyOfRange(x, online * n, (online + batch) * n);
                    steps.add(sp.compute(s.floats(rows, batch, n), true).codes());
                    radii[1] = sp.inhibitionRadius();
                    float[] tests = java.util.Arrays.copyOfRange(x, (online + batch) * n, (online + batch + test) * n);
                    ColumnActivity a = sp.compute(s.floats(tests, test, n), false);
                    BinaryCodes viaCompute = a.codes();
                    // copies: encoding replaces the pooler's buffers
                    Tensor active = s.floats(a.active().toFloatArray(), test, sp.numColumns());
                    Tensor lists = s.ints(a.winners().toIntArray(), test, sp.numColumns());
                    assertEquals(viaCompute, sp.encode(BinaryCodes.fromDense(tests, n, 0.5f), 3),
                            "encode must pick the columns compute picks on " + s.backend().name());
                    steps.add(viaCompute);
                    int[] flat = flatten(steps);
                    return new Outputs().add("winners of every step", s.ints(flat, flat.length))
                            .add("inhibition radius before and after learning", s.ints(radii, 2))
                            .add("active of the last step", active).add("winner lists of the last step", lists)
                            .add("permanences", s.floats(sp.permanences(), sp.permanences().length))
                            .add("overlap duty cycles", s.floats(sp.overlapDutyCycles(), sp.numColumns()))
                            .add("active duty cycles", s.floats(sp.activeDutyCycles(), sp.numColumns()))
                            .add("boost factors", s.floats(sp.boostFactors(), sp.numColumns()));
                }
            });
        }
    }

    @Test
    void nearestNeighboursOfRandomCodes() {
        int width = 61;
        BinaryCodes stored = randomCodes(45, width);
        BinaryCodes queries = randomCodes(19, width);
        int[] labels = data.ints(45, 0, 5);
        for (KnnClassifier.Distance d : KnnClassifier.Distance.values()) {
            for (int k : new int[]{1, 5}) {
                check("k-NN " + d + " k=" + k, Tolerance.EXACT, s -> {
                    try (KnnClassifier knn = new KnnClassifier(s.backend(), k, d, 200)) {
                        knn.fit(stored, labels);
                        KnnClassifier.Neighbours nb = knn.nearest(queries);
                        int[] predicted = knn.predict(queries);
                        return new Outputs().add("neighbours", s.ints(nb.indices(), nb.indices().length))
                                .add("overlap", s.ints(nb.overlap(), nb.overlap().length))
                                .add("predicted", s.ints(predicted, predicted.length));
                    }
                });
            }
        }
    }

    private BinaryCodes randomCodes(int rows, int width) {
        int[][] r = new int[rows][];
        for (int i = 0; i < rows; i++) {
            r[i] = data.distinctSorted(3 + data.nextInt(8), width);
        }
        return BinaryCodes.of(width, r);
    }
}
