package io.sparsa.bench;

import io.sparsa.backend.Backend;
import io.sparsa.backend.ops.CsrMatrix;
import io.sparsa.bench.fixture.BenchBackends;
import io.sparsa.bench.fixture.ForkFlags;
import io.sparsa.bench.fixture.MnistBatches;
import io.sparsa.bench.fixture.RandomData;
import io.sparsa.bench.fixture.SparseWeights;
import io.sparsa.bench.fixture.TensorCloser;
import io.sparsa.data.Batch;
import io.sparsa.experiments.model.Network;
import io.sparsa.experiments.model.PaperCnn;
import io.sparsa.nn.Conv2d;
import io.sparsa.nn.KWinnersBase;
import io.sparsa.nn.Layer;
import io.sparsa.nn.Linear;
import io.sparsa.nn.Sequential;
import io.sparsa.nn.SparseLinear;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.Tensor;
import io.sparsa.train.CrossEntropyLoss;
import io.sparsa.train.Sgd;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Inference of a trained {@code sparse-cnn-2} on a batch of MNIST test digits, through the
 * sparse-sparse path and densely; images per second is {@code batch / time}.
 *
 * <p>Both paths compute the same network in evaluation mode through its own front layers (conv
 * 1->32, pool, k-winners, conv 32->64, pool). The sparse path runs the convolutions the network
 * marks for sparse input ({@link Conv2d#sparseInputAtInference()}: the one behind a k-winners layer,
 * whose input is 600 of 4,608 units) as {@code conv2dSparseInput}, with cost proportional to the
 * nonzero inputs; the dense twin runs every convolution as {@code conv2d}. {@code sparseFront} and
 * {@code denseFront} time the front alone. From the last global k-winners (450 of 1,024 at
 * inference) on, the sparse path keeps each row as (index, value)
 * pairs and multiplies them with the transposed hidden weights (1,024 -> 700, 70% sparse) and, after
 * k-winners (150 of 700), with the output weights; the dense path runs the same k-winners but
 * multiplies the full rows with the densified weights through {@code gemm}. {@code sparseTail} and
 * {@code denseTail} time that part alone, on the same front output. Setup checks that both paths
 * give the network's own outputs.
 *
 * <p>The network is first trained for {@code trainSteps} SGD steps on the bundled digits, so its
 * duty cycles and boost factors are a trained network's; speed does not depend on the weight
 * values otherwise, as k is fixed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {ForkFlags.VECTOR_API, ForkFlags.NATIVE_ACCESS})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class SparseCnnInferenceBench {
    @Param({"cpu", "opencl", "cuda"})
    public String backend;

    @Param({"64", "256"})
    public int batch;

    @Param({"30"})
    public int trainSteps;

    private static final int FRONT_LAYERS = 5;

    private final TensorCloser closer = new TensorCloser();
    private Backend engine;
    private Sequential network;
    private Tensor images;
    private Tensor frontOut;
    private Tensor boost2;
    private int k2;
    private Tensor out2;
    private Tensor idx2;
    private Tensor val2;
    private Tensor hiddenDense;
    private CsrMatrix hiddenT;
    private Tensor hiddenBias;
    private Tensor h;
    private Tensor boost3;
    private int k3;
    private Tensor out3;
    private Tensor idx3;
    private Tensor val3;
    private Tensor outputWeights;
    private CsrMatrix outputT;
    private Tensor outputBias;
    private Tensor logits;
    /** The convolutions the network runs with sparse input at inference. */
    private final List<Conv2d> sparseInputConvolutions = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() {
        engine = BenchBackends.open(backend);
        Network net = PaperCnn.SPARSE_CNN_2;
        network = net.build(engine, RandomData.SEED, MnistBatches.IMAGE_SHAPE, MnistBatches.CLASSES);
        for (Layer l : network.layers()) {
            if (l instanceof Conv2d c && c.sparseInputAtInference()) {
                sparseInputConvolutions.add(c);
            }
        }
        if (sparseInputConvolutions.isEmpty()) {
            throw new IllegalStateException(net + " marks no convolution for sparse input; update "
                    + getClass().getSimpleName());
        }
        train(net);
        network.eval();
        Batch test = MnistBatches.test(batch);
        images = closer.track(engine.fromArray(test.images(), test.shape()));

        KWinnersBase kw2 = layer(5, KWinnersBase.class);
        SparseLinear hidden = layer(7, SparseLinear.class);
        KWinnersBase kw3 = layer(8, KWinnersBase.class);
        Linear output = layer(9, Linear.class);
        int n2 = hidden.inFeatures();
        int n3 = hidden.outFeatures();
        k2 = kw2.kInference();
        k3 = kw3.kInference();
        boost2 = boost(kw2, k2, n2);
        boost3 = boost(kw3, k3, n3);
        frontOut = closer.track(engine.zeros(batch, n2));
        engine.copy(front(false), frontOut);
        out2 = closer.track(engine.zeros(batch, n2));
        idx2 = closer.track(engine.zeros(DType.INT32, batch, k2));
        val2 = closer.track(engine.zeros(batch, k2));
        hiddenDense = closer.track(engine.fromArray(hidden.denseWeights(), n3, n2));
        hiddenT = SparseWeights.of(n3, n2, hidden.keptPerOutput(), hidden.keptColumns(),
                hidden.parameters().get(0).value().toFloatArray()).toTransposedCsr(engine, closer);
        hiddenBias = hidden.parameters().get(1).value();
        h = closer.track(engine.zeros(batch, n3));
        out3 = closer.track(engine.zeros(batch, n3));
        idx3 = closer.track(engine.zeros(DType.INT32, batch, k3));
        val3 = closer.track(engine.zeros(batch, k3));
        outputWeights = output.parameters().get(0).value();
        outputT = SparseWeights.ofDense(output.outFeatures(), n3, outputWeights.toFloatArray())
                .toTransposedCsr(engine, closer);
        outputBias = output.parameters().get(1).value();
        logits = closer.track(engine.zeros(batch, output.outFeatures()));
        checkBothPathsMatchTheNetwork();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        network.close();
        closer.closeAll(engine);
    }

    @Benchmark
    public void sparse() {
        sparseFrom(front(true));
        engine.synchronize();
    }

    @Benchmark
    public void dense() {
        denseFrom(front(false));
        engine.synchronize();
    }

    @Benchmark
    public Tensor sparseFront() {
        Tensor t = front(true);
        engine.synchronize();
        return t;
    }

    @Benchmark
    public Tensor denseFront() {
        Tensor t = front(false);
        engine.synchronize();
        return t;
    }

    @Benchmark
    public void sparseTail() {
        sparseFrom(frontOut);
        engine.synchronize();
    }

    @Benchmark
    public void denseTail() {
        denseFrom(frontOut);
        engine.synchronize();
    }

    /**
     * The network's front, flattened to {@code [B, 1024]}: the layers before the last global
     * k-winners, with the marked convolutions taking sparse input or all of them dense.
     */
    private Tensor front(boolean sparseInput) {
        for (Conv2d c : sparseInputConvolutions) {
            c.sparseInputAtInference(sparseInput);
        }
        Tensor t = images;
        for (int i = 0; i < FRONT_LAYERS; i++) {
            t = network.layer(i).forward(t);
        }
        return t.reshape(batch, -1);
    }

    private void sparseFrom(Tensor x) {
        engine.kWinners(x, boost2, k2, out2, idx2);
        engine.gatherRows(x, idx2, val2);
        engine.sparseSparseMatmul(idx2, val2, hiddenT, hiddenBias, h);
        engine.kWinners(h, boost3, k3, out3, idx3);
        engine.gatherRows(h, idx3, val3);
        engine.sparseSparseMatmul(idx3, val3, outputT, outputBias, logits);
    }

    private void denseFrom(Tensor x) {
        engine.kWinners(x, boost2, k2, out2, idx2);
        engine.gemm(false, true, 1f, out2, hiddenDense, 0f, h);
        engine.addBias(h, hiddenBias);
        engine.kWinners(h, boost3, k3, out3, idx3);
        engine.gemm(false, true, 1f, out3, outputWeights, 0f, logits);
        engine.addBias(logits, outputBias);
    }

    /** Layer {@code i} of the network, which must be a {@code type} for the paths below to be right. */
    private <T> T layer(int i, Class<T> type) {
        Object l = network.layer(i);
        if (!type.isInstance(l)) {
            throw new IllegalStateException("sparse-cnn-2 changed: layer " + i + " is " + l + ", expected a "
                    + type.getSimpleName() + "; update " + getClass().getSimpleName());
        }
        return type.cast(l);
    }

    /** The evaluation-mode boost of a k-winners layer, as the layer computes it (null without boosting). */
    private Tensor boost(KWinnersBase layer, int kUsed, int n) {
        if (layer.boostStrength() <= 0) {
            return null;
        }
        float[] duty = layer.dutyCycles();
        Tensor dutyT = closer.track(engine.fromArray(duty, duty.length));
        Tensor b = closer.track(engine.zeros(duty.length));
        engine.boostFactors(dutyT, (float) kUsed / n, (float) layer.boostStrength(), b);
        return b;
    }

    private void train(Network net) {
        network.train();
        try (CrossEntropyLoss loss = new CrossEntropyLoss(engine);
             Sgd sgd = new Sgd(network, net.settings().learningRate(), net.settings().momentum(), 0f)) {
            for (Batch b : MnistBatches.train(trainSteps, 64)) {
                try (Tensor x = engine.fromArray(b.images(), b.shape());
                     Tensor y = engine.fromArray(b.labels(), b.count())) {
                    loss.forward(network.forward(x), y);
                    network.backward(loss.backward());
                    sgd.step();
                }
            }
        }
    }

    /**
     * Both paths must reproduce the network's own evaluation output. A near-tie among k-winners
     * scores may pick another winner when the summation order differs, so a few rows may differ;
     * more than 2% of rows differing means a path is wrong.
     */
    private void checkBothPathsMatchTheNetwork() {
        for (Conv2d c : sparseInputConvolutions) {
            c.sparseInputAtInference(false);
        }
        float[] expected = network.forward(images).toFloatArray();
        sparseFrom(front(true));
        float[] viaSparse = logits.toFloatArray();
        denseFrom(front(false));
        float[] viaDense = logits.toFloatArray();
        int classes = expected.length / batch;
        int allowed = Math.max(1, batch / 50);
        for (float[] got : new float[][]{viaSparse, viaDense}) {
            int differing = 0;
            for (int r = 0; r < batch; r++) {
                for (int c = 0; c < classes; c++) {
                    float e = expected[r * classes + c];
                    if (Math.abs(got[r * classes + c] - e) > 1e-3f * (1 + Math.abs(e))) {
                        differing++;
                        break;
                    }
                }
            }
            if (differing > allowed) {
                throw new IllegalStateException("the " + (got == viaSparse ? "sparse" : "dense") + " inference path "
                        + "differs from the network's own output in " + differing + " of " + batch + " rows");
            }
        }
        System.out.println("# both inference paths match the network's output");
    }
}
