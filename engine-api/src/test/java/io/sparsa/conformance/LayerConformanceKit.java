package io.sparsa.conformance;

import io.sparsa.backend.Backend;
import io.sparsa.backend.BackendConfig;
import io.sparsa.backend.BackendProvider;
import io.sparsa.backend.Probe;
import io.sparsa.nn.BatchNorm1d;
import io.sparsa.nn.BatchNorm2d;
import io.sparsa.nn.Boosting;
import io.sparsa.nn.Conv2d;
import io.sparsa.nn.Dropout;
import io.sparsa.nn.Flatten;
import io.sparsa.nn.KWinners;
import io.sparsa.nn.KWinners2d;
import io.sparsa.nn.KWinnersBase;
import io.sparsa.nn.Layer;
import io.sparsa.nn.LifetimeSparsity;
import io.sparsa.nn.Linear;
import io.sparsa.nn.MaxPool2d;
import io.sparsa.nn.Parameter;
import io.sparsa.nn.ReLU;
import io.sparsa.nn.Sequential;
import io.sparsa.nn.SparseConv2d;
import io.sparsa.nn.SparseLinear;
import io.sparsa.nn.StateTensor;
import io.sparsa.reference.ReferenceBackend;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.Tensor;
import io.sparsa.train.CrossEntropyLoss;
import io.sparsa.train.Sgd;
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
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The layer conformance kit: every layer's backward pass checked against central finite
 * differences (see {@link GradientCheck}) on the backend under test, plus whole networks trained
 * for a few steps on that backend and on the {@link ReferenceBackend} side by side. A backend
 * module runs it with
 * <pre>{@code
 * class CpuLayerConformanceTest extends LayerConformanceKit {
 *     protected BackendProvider provider() { return new CpuProvider(); }
 * }
 * }</pre>
 * and may override {@link #gradientTolerance()} and {@link #trainingTolerance()}. An unavailable
 * backend prints {@code SKIPPED <name> layer conformance: <reason>} and every test is skipped.
 * The seed is printed; {@code -Dsparsa.test.seed=N} replays a run.
 *
 * <p>Inputs of piecewise-linear layers (ReLU, max pooling, k-winners) are built with gaps between
 * competing values far larger than the finite-difference step, so no perturbation changes a
 * winner and every sampled coordinate must match.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class LayerConformanceKit {
    /** Coordinates checked per tensor. */
    protected static final int SAMPLES = 24;

    protected Backend backend;
    protected ReferenceBackend reference;
    protected TestData data;
    private long seed;

    /** The provider of the backend under test. */
    protected abstract BackendProvider provider();

    /** Numeric against analytic derivatives; float32 forward passes limit the agreement. */
    protected Tolerance gradientTolerance() {
        return new Tolerance(2e-3, 2e-2);
    }

    /** The backend under test against the reference after a few training steps. */
    protected Tolerance trainingTolerance() {
        return new Tolerance(1e-4, 1e-3);
    }

    protected BackendConfig config() {
        return BackendConfig.fromSystemProperties();
    }

    @BeforeAll
    protected final void startBackends() {
        BackendProvider provider = provider();
        Probe probe = provider.probe();
        if (!probe.available()) {
            String line = "SKIPPED " + provider.name() + " layer conformance: " + probe.fullReason();
            System.out.println(line);
            Assumptions.assumeTrue(false, line);
        }
        backend = provider.create(config());
        reference = new ReferenceBackend();
        seed = TestData.seedFromProperties(provider.name() + " layer conformance (" + backend.deviceDescription() + ")");
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

    private Random random() {
        return new Random(data.nextLong());
    }

    private GradientCheck checker() {
        return new GradientCheck(backend, data, gradientTolerance(), SAMPLES);
    }

    private void rethrowWithSeed(Runnable check) {
        try {
            check.run();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n(seed " + seed + ": rerun with -D" + TestData.SEED_PROPERTY
                    + "=" + seed + ")", e);
        }
    }

    /** Checks one layer: input and parameter gradients, no kinks allowed. */
    private void checkLayer(String what, Layer layer, float[] x, int[] shape, double step, Runnable before) {
        rethrowWithSeed(() -> checker().check(what + " on " + backend.name(), subject(layer), x, shape, step, before,
                true, 0.0));
    }

    private static GradientCheck.Subject subject(Layer layer) {
        return new GradientCheck.Subject() {
            @Override
            public Tensor forward(Tensor x) {
                return layer.forward(x);
            }

            @Override
            public Tensor backward(Tensor dy) {
                return layer.backward(dy, true);
            }

            @Override
            public List<Parameter> parameters() {
                return layer.parameters();
            }
        };
    }

    private static GradientCheck.Subject subject(Sequential net) {
        return new GradientCheck.Subject() {
            @Override
            public Tensor forward(Tensor x) {
                return net.forward(x);
            }

            @Override
            public Tensor backward(Tensor dy) {
                return net.backward(dy, true);
            }

            @Override
            public List<Parameter> parameters() {
                List<Parameter> out = new ArrayList<>();
                net.parameters().forEach(p -> out.add(new Parameter(p.name(), p.parameter().value(), p.parameter().grad())));
                return out;
            }
        };
    }

    /**
     * {@code n} values, a shuffled ladder {@code spacing} apart (with a quarter-spacing jitter), so
     * any two differ by at least {@code spacing / 2}.
     */
    private float[] ladder(int n, double spacing) {
        int[] perm = data.permutation(n);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) ((perm[i] - (n - 1) / 2.0 + data.nextFloat(-0.25f, 0.25f)) * spacing);
        }
        return out;
    }

    // ---- dense and sparse weights --------------------------------------------------------------

    @Test
    void linearGradients() {
        try (Linear layer = new Linear(backend, 13, 7, true, random());
             Linear noBias = new Linear(backend, 6, 3, false, random())) {
            checkLayer("Linear(13 -> 7)", layer, data.signed(5 * 13), new int[]{5, 13}, 1e-2, null);
            checkLayer("Linear(6 -> 3, no bias)", noBias, data.signed(4 * 6), new int[]{4, 6}, 1e-2, null);
        }
    }

    @Test
    void sparseLinearGradients() {
        try (SparseLinear layer = new SparseLinear(backend, 17, 9, 0.6, true, random())) {
            assertEquals(7, layer.keptPerOutput(), "round((1 - 0.6) * 17) = round(6.8)");
            checkLayer("SparseLinear(17 -> 9, sparsity 0.6)", layer, data.signed(5 * 17), new int[]{5, 17}, 1e-2, null);
        }
    }

    @Test
    void conv2dGradients() {
        try (Conv2d layer = new Conv2d(backend, 3, 4, 3, 2, 1, true, random());
             Conv2d plain = new Conv2d(backend, 2, 3, 5, 1, 0, false, random())) {
            checkLayer("Conv2d(3 -> 4, k3 s2 p1)", layer, data.signed(2 * 3 * 7 * 6), new int[]{2, 3, 7, 6}, 1e-2, null);
            checkLayer("Conv2d(2 -> 3, k5, no bias)", plain, data.signed(2 * 2 * 7 * 9), new int[]{2, 2, 7, 9}, 1e-2, null);
        }
    }

    @Test
    void conv2dSparseInputAtInferenceGivesTheSameOutput() {
        // conv -> pool -> k-winners -> conv, as in sparse-cnn-2: the second convolution's input is
        // mostly zero. In evaluation mode, the option must not change the network's output.
        try (Sequential net = Sequential.builder(backend, data.nextLong(), 2, 13, 11).conv2d(6, 3, 1, 1).maxPool2d(2)
                .kWinners2d(20, 1.5, Boosting.NONE).conv2d(9, 3, 1, 0).build()) {
            Conv2d first = (Conv2d) net.layer(0);
            Conv2d second = (Conv2d) net.layer(3);
            int batch = 3;
            float[] x = data.signed(batch * 2 * 13 * 11);
            for (int i = 0; i < x.length; i++) {
                // MNIST-like: most pixels zero.
                if (data.nextInt(4) != 0) {
                    x[i] = 0f;
                }
            }
            net.eval();
            try (Tensor input = backend.fromArray(x, batch, 2, 13, 11)) {
                float[] plain = net.forward(input).toFloatArray();
                first.sparseInputAtInference(true);
                second.sparseInputAtInference(true);
                float[] sparse = net.forward(input).toFloatArray();
                rethrowWithSeed(() -> trainingTolerance().forReduction(6L * 9).assertClose(
                        "eval output with sparse-input convolutions on " + backend.name(), plain, sparse, batch, 9, 4, 3));
                // Training mode ignores the option: its forward pass is the plain convolution's.
                net.train();
                float[] trained = net.forward(input).toFloatArray();
                first.sparseInputAtInference(false);
                second.sparseInputAtInference(false);
                float[] trainedPlain = net.forward(input).toFloatArray();
                rethrowWithSeed(() -> Tolerance.EXACT.assertClose("training output with the option set on "
                        + backend.name(), trainedPlain, trained, batch, 9, 4, 3));
            }
        }
    }

    @Test
    void sparseConv2dGradients() {
        try (SparseConv2d layer = new SparseConv2d(backend, 3, 4, 3, 2, 1, 0.5, true, random())) {
            assertEquals(14, layer.keptPerOutput(), "round(0.5 * 27) = round(13.5) rounds half to even");
            checkLayer("SparseConv2d(3 -> 4, k3 s2 p1, sparsity 0.5)", layer, data.signed(2 * 3 * 7 * 6),
                    new int[]{2, 3, 7, 6}, 1e-2, null);
        }
    }

    // ---- k-winners -----------------------------------------------------------------------------

    @Test
    void kWinnersGradientsInTraining() {
        try (KWinners layer = KWinners.of(backend, 37, 9, 1.5, Boosting.NONE)) {
            float[] x = new float[5 * 37];
            for (int b = 0; b < 5; b++) {
                System.arraycopy(ladder(37, 0.05), 0, x, b * 37, 37);
            }
            checkLayer("KWinners(n=37, k=9), training", layer, x, new int[]{5, 37}, 2e-3, null);
        }
    }

    @Test
    void kWinnersGradientsWithBoostingInEvaluation() {
        try (KWinners layer = KWinners.of(backend, 37, 6, 1.5, new Boosting(1.5, 0.9, 1000))) {
            warmUp(layer, new int[]{8, 37});
            layer.eval();
            float[] boost = boostFactors(layer, 37, 1);
            float[] x = new float[5 * 37];
            for (int b = 0; b < 5; b++) {
                float[] scores = ladder(37, 0.05);
                for (int i = 0; i < 37; i++) {
                    x[b * 37 + i] = scores[i] / boost[i];
                }
            }
            checkLayer("KWinners(n=37, k=6, kInference=9), boosted, evaluation", layer, x, new int[]{5, 37},
                    stepFor(boost), null);
        }
    }

    @Test
    void kWinners2dGlobalGradients() {
        int c = 5;
        int h = 4;
        int w = 3;
        int n = c * h * w;
        try (KWinners2d plain = KWinners2d.global(backend, c, h, w, 11, 1.5, Boosting.NONE);
             KWinners2d boosted = KWinners2d.global(backend, c, h, w, 11, 1.5, new Boosting(1.0, 0.9, 1000))) {
            float[] x = new float[3 * n];
            for (int b = 0; b < 3; b++) {
                System.arraycopy(ladder(n, 0.05), 0, x, b * n, n);
            }
            checkLayer("KWinners2d(global, C=5, k=11), training", plain, x, new int[]{3, c, h, w}, 2e-3, null);
            warmUp(boosted, new int[]{6, c, h, w});
            boosted.eval();
            float[] boost = boostFactors(boosted, n, h * w);
            float[] xb = new float[3 * n];
            for (int b = 0; b < 3; b++) {
                float[] scores = ladder(n, 0.05);
                for (int i = 0; i < n; i++) {
                    xb[b * n + i] = scores[i] / boost[i / (h * w)];
                }
            }
            checkLayer("KWinners2d(global, C=5, k=11), boosted, evaluation", boosted, xb, new int[]{3, c, h, w},
                    stepFor(boost), null);
        }
    }

    @Test
    void kWinners2dLocalGradients() {
        int c = 6;
        int h = 3;
        int w = 4;
        try (KWinners2d plain = KWinners2d.local(backend, c, 2, 1.5, Boosting.NONE);
             KWinners2d boosted = KWinners2d.local(backend, c, 2, 1.5, new Boosting(1.0, 0.9, 1000))) {
            float[] x = ladder(3 * c * h * w, 0.02);
            checkLayer("KWinners2d(local, C=6, k=2), training", plain, x, new int[]{3, c, h, w}, 1e-3, null);
            warmUp(boosted, new int[]{6, c, h, w});
            boosted.eval();
            float[] boost = boostFactors(boosted, c, 1);
            float[] xb = ladder(3 * c * h * w, 0.02);
            for (int i = 0; i < xb.length; i++) {
                xb[i] /= boost[(i / (h * w)) % c];
            }
            checkLayer("KWinners2d(local, C=6, k=2), boosted, evaluation", boosted, xb, new int[]{3, c, h, w},
                    stepFor(boost) * 0.4, null);
        }
    }

    @Test
    void lifetimeSparsityGradients() {
        try (LifetimeSparsity layer = new LifetimeSparsity(backend, 11, 0.3)) {
            assertEquals(3, layer.keptPerUnit(7), "ceil(0.3 * 7) = ceil(2.1)");
            checkLayer("LifetimeSparsity(n=11, rate=0.3), training", layer, ladder(7 * 11, 0.02), new int[]{7, 11},
                    1e-3, null);
            float[] x = ladder(7 * 11, 0.02);
            try (Tensor t = backend.fromArray(x, 7, 11)) {
                float[] out = layer.forward(t).toFloatArray();
                for (int unit = 0; unit < 11; unit++) {
                    int kept = 0;
                    for (int b = 0; b < 7; b++) {
                        kept += out[b * 11 + unit] != 0 ? 1 : 0;
                    }
                    assertEquals(3, kept, "unit " + unit + " keeps 3 of 7 activations");
                }
            }
            layer.eval();
            checkLayer("LifetimeSparsity, evaluation (identity)", layer, ladder(7 * 11, 0.02), new int[]{7, 11}, 1e-2,
                    null);
        }
    }

    /** Trains the duty cycles on random batches so boosting has something to act on. */
    private void warmUp(KWinnersBase layer, int[] shape) {
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        for (int i = 0; i < 3; i++) {
            try (Tensor x = backend.fromArray(data.signed(size), shape)) {
                layer.forward(x);
            }
        }
    }

    /** The boost factor per duty-cycle entry, as the layer computes it in evaluation. */
    private static float[] boostFactors(KWinnersBase layer, int n, int groupSize) {
        float[] duty = layer.dutyCycles();
        double density = (double) layer.kInference() / n;
        if (layer instanceof KWinners2d k2 && !k2.isLocal()) {
            density = (double) layer.kInference() / (duty.length * groupSize);
        }
        float[] boost = new float[duty.length];
        for (int i = 0; i < duty.length; i++) {
            boost[i] = (float) Math.exp((density - duty[i]) * layer.boostStrength());
        }
        return boost;
    }

    /** A step small enough that no boosted score crosses its neighbour (ladder gaps >= 0.025). */
    private static double stepFor(float[] boost) {
        float max = 0;
        for (float b : boost) {
            max = Math.max(max, b);
        }
        return Math.min(2e-3, 0.002 / max);
    }

    // ---- pooling, normalisation, element-wise --------------------------------------------------

    @Test
    void maxPool2dGradients() {
        try (MaxPool2d pool = new MaxPool2d(backend, 2, 2); MaxPool2d overlapping = new MaxPool2d(backend, 3, 2)) {
            checkLayer("MaxPool2d(2, 2)", pool, ladder(2 * 3 * 7 * 5, 0.01), new int[]{2, 3, 7, 5}, 1e-3, null);
            checkLayer("MaxPool2d(3, 2), overlapping windows", overlapping, ladder(2 * 2 * 7 * 8, 0.01),
                    new int[]{2, 2, 7, 8}, 1e-3, null);
        }
    }

    @Test
    void batchNormGradients() {
        try (BatchNorm1d bn1 = new BatchNorm1d(backend, 5, 1e-5, 0.1, true);
             BatchNorm1d bn1Plain = new BatchNorm1d(backend, 4, 1e-5, 0.1, false);
             BatchNorm2d bn2 = new BatchNorm2d(backend, 4, 1e-5, 0.1, true)) {
            randomiseAffine(bn1);
            randomiseAffine(bn2);
            checkLayer("BatchNorm1d(5)", bn1, data.uniform(6 * 5, -2f, 2f), new int[]{6, 5}, 5e-3, null);
            checkLayer("BatchNorm1d(4, affine=false)", bn1Plain, data.uniform(7 * 4, -2f, 2f), new int[]{7, 4}, 5e-3, null);
            checkLayer("BatchNorm2d(4)", bn2, data.uniform(3 * 4 * 3 * 2, -2f, 2f), new int[]{3, 4, 3, 2}, 5e-3, null);
        }
    }

    private void randomiseAffine(Layer bn) {
        for (Parameter p : bn.parameters()) {
            p.value().copyFrom(data.uniform(p.value().size(), 0.5f, 1.5f));
        }
    }

    @Test
    void dropoutGradients() {
        try (Dropout layer = new Dropout(backend, 0.3, data.nextLong())) {
            long start = layer.offset();
            checkLayer("Dropout(0.3), training", layer, data.signed(4 * 29), new int[]{4, 29}, 1e-2,
                    () -> layer.seek(start));
            layer.eval();
            checkLayer("Dropout(0.3), evaluation", layer, data.signed(4 * 29), new int[]{4, 29}, 1e-2, null);
        }
    }

    @Test
    void reluAndFlattenGradients() {
        float[] x = data.signed(4 * 3 * 5 * 2);
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.copySign(0.05f + Math.abs(x[i]), x[i]);
        }
        try (ReLU relu = new ReLU(backend); Flatten flatten = new Flatten(backend)) {
            checkLayer("ReLU", relu, x, new int[]{4, 3, 5, 2}, 1e-2, null);
            checkLayer("Flatten", flatten, data.signed(3 * 2 * 3 * 4), new int[]{3, 2, 3, 4}, 1e-2, null);
            assertNull(flatten.backward(backend.zeros(3, 24), false));
        }
    }

    @Test
    void crossEntropyGradients() {
        int batch = 6;
        int classes = 7;
        float[] logits = data.uniform(batch * classes, -3f, 3f);
        int[] labels = data.labels(batch, classes);
        try (CrossEntropyLoss loss = new CrossEntropyLoss(backend);
             Tensor x = backend.fromArray(logits.clone(), batch, classes);
             Tensor y = backend.fromArray(labels, batch)) {
            loss.forward(x, y);
            float[] analytic = loss.backward().toFloatArray();
            float[] numeric = new float[analytic.length];
            double h = 1e-2;
            for (int i = 0; i < logits.length; i++) {
                float[] v = logits.clone();
                v[i] = (float) (logits[i] + h);
                x.copyFrom(v);
                double up = loss.forward(x, y);
                v[i] = (float) (logits[i] - h);
                x.copyFrom(v);
                double down = loss.forward(x, y);
                numeric[i] = (float) ((up - down) / (2 * h));
            }
            rethrowWithSeed(() -> gradientTolerance().compare("cross-entropy d/dlogits on " + backend.name(), numeric,
                    analytic, batch, classes).assertOk());
        }
    }

    // ---- whole networks ------------------------------------------------------------------------

    /**
     * A sparse CNN in training mode without boosting (so the output is continuous: a unit leaves
     * the winners only where it ties with the one that enters). Max pooling and k-winners make it
     * piecewise linear with many kinks, so up to 30% of the sampled coordinates may be skipped as
     * kinks; each layer's own check above, boosted ones included, allows none.
     */
    @Test
    void sparseNetworkGradients() {
        try (Sequential net = Sequential.builder(backend, data.nextLong(), 1, 8, 8)
                .sparseConv2d(3, 3, 1, 0, 0.4).maxPool2d(2).kWinners2d(12, 1.5, Boosting.NONE)
                .flatten().sparseLinear(12, 0.5).kWinners(4, 1.5, Boosting.NONE).linear(4).build()) {
            rethrowWithSeed(() -> checker().check("sparse CNN, training, on " + backend.name(), subject(net),
                    data.signed(4 * 64), new int[]{4, 1, 8, 8}, 5e-4, null, true, 0.3));
        }
    }

    /** A smooth network (no ReLU or pooling), so every coordinate must match; dropout's mask is replayed. */
    @Test
    void denseNetworkGradientsInTraining() {
        try (Sequential net = Sequential.builder(backend, data.nextLong(), 2, 7, 7)
                .conv2d(3, 3, 2, 1).batchNorm2d().flatten().linear(12).batchNorm1d().dropout(0.25).linear(5).build()) {
            Dropout dropout = (Dropout) net.layer(5);
            long start = dropout.offset();
            rethrowWithSeed(() -> checker().check("dense CNN with batch norm and dropout, training, on " + backend.name(),
                    subject(net), data.signed(5 * 2 * 49), new int[]{5, 2, 7, 7}, 2e-3, () -> dropout.seek(start), true,
                    0.0));
        }
    }

    /** The same network trained for a few steps on the backend under test and on the reference. */
    @Test
    void trainingMatchesTheReference() {
        long netSeed = data.nextLong();
        int batch = 9;
        int steps = 3;
        float[][] inputs = new float[steps][];
        int[][] labels = new int[steps][];
        for (int s = 0; s < steps; s++) {
            inputs[s] = data.uniform(batch * 100, 0f, 1f);
            labels[s] = data.labels(batch, 6);
        }
        List<float[]> expected = trainBriefly(reference, netSeed, inputs, labels);
        List<float[]> actual = trainBriefly(backend, netSeed, inputs, labels);
        rethrowWithSeed(() -> {
            for (int i = 0; i < expected.size(); i++) {
                trainingTolerance().forReduction(100).compare("after " + steps + " SGD steps on " + backend.name()
                        + ", output " + i, expected.get(i), actual.get(i)).assertOk();
            }
        });
    }

    /** Logits of every step, then the final state of every layer. */
    private static List<float[]> trainBriefly(Backend b, long seed, float[][] inputs, int[][] labels) {
        List<float[]> out = new ArrayList<>();
        try (Sequential net = Sequential.builder(b, seed, 1, 10, 10).conv2d(3, 3, 1, 0).maxPool2d(2)
                .kWinners2d(12, 1.5, new Boosting(1.5, 0.85, 1000)).flatten().sparseLinear(20, 0.7)
                .kWinners(6, 1.5, new Boosting(1.5, 0.85, 1000)).linear(6).build();
             Sgd sgd = new Sgd(net, 0.05f, 0.5f, 1e-4f);
             CrossEntropyLoss loss = new CrossEntropyLoss(b)) {
            for (int s = 0; s < inputs.length; s++) {
                try (Tensor x = b.fromArray(inputs[s], labels[s].length, 1, 10, 10);
                     Tensor y = b.fromArray(labels[s], labels[s].length)) {
                    Tensor logits = net.forward(x);
                    out.add(logits.toFloatArray());
                    loss.forward(logits, y);
                    net.backward(loss.backward());
                    sgd.step();
                }
            }
            for (Layer l : net.layers()) {
                for (StateTensor s : l.state()) {
                    if (s.kind() != StateTensor.Kind.INT64) {
                        out.add(s.floats());
                    }
                }
            }
        }
        return out;
    }

    @Test
    void closingANetworkFreesEveryTensor() {
        long before = backend.liveAllocations();
        try (Sequential net = Sequential.builder(backend, data.nextLong(), 1, 9, 9).conv2d(2, 3, 1, 0).batchNorm2d()
                .maxPool2d(2).kWinners2d(8, 1.5, Boosting.DEFAULT).flatten().sparseLinear(10, 0.5).dropout(0.2)
                .kWinners(3, 1.5, Boosting.DEFAULT).linear(3).build();
             Sgd sgd = new Sgd(net, 0.1f, 0.9f, 0f);
             CrossEntropyLoss loss = new CrossEntropyLoss(backend)) {
            for (int batch : new int[]{4, 7, 4}) {
                try (Tensor x = backend.fromArray(data.signed(batch * 81), batch, 1, 9, 9);
                     Tensor y = backend.fromArray(data.labels(batch, 3), batch)) {
                    loss.forward(net.forward(x), y);
                    net.backward(loss.backward());
                    sgd.step();
                }
            }
        }
        assertEquals(before, backend.liveAllocations(), "live tensors after closing the network, optimizer and loss");
        try (Tensor t = backend.zeros(DType.INT32, 1)) {
            assertEquals(before + 1, backend.liveAllocations());
        }
    }
}
