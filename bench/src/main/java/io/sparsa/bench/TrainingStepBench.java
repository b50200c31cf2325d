package io.sparsa.bench;

import io.sparsa.backend.Backend;
import io.sparsa.bench.fixture.BenchBackends;
import io.sparsa.bench.fixture.ForkFlags;
import io.sparsa.bench.fixture.MnistBatches;
import io.sparsa.bench.fixture.RandomData;
import io.sparsa.bench.fixture.TensorCloser;
import io.sparsa.data.Batch;
import io.sparsa.experiments.model.Network;
import io.sparsa.experiments.model.Networks;
import io.sparsa.nn.Sequential;
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

import java.util.concurrent.TimeUnit;

/**
 * One training step of a paper network ({@link Networks}) on a batch of real MNIST digits: forward,
 * cross-entropy, backward, SGD update with the network's learning rate and momentum, as the trainer
 * runs it. {@code sparse-cnn-2} is the benchmark the issue asks for; {@code dense-cnn-2} is the
 * paper's dense network, for comparison.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {ForkFlags.VECTOR_API, ForkFlags.NATIVE_ACCESS})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class TrainingStepBench {
    @Param({"cpu", "opencl", "cuda"})
    public String backend;

    @Param({"sparse-cnn-2", "dense-cnn-2"})
    public String model;

    @Param({"64"})
    public int batch;

    private final TensorCloser closer = new TensorCloser();
    private Backend engine;
    private Sequential network;
    private CrossEntropyLoss loss;
    private Sgd sgd;
    private Tensor images;
    private Tensor labels;

    @Setup(Level.Trial)
    public void setUp() {
        Network net = Networks.byName(model);
        engine = BenchBackends.open(backend);
        network = net.build(engine, RandomData.SEED, MnistBatches.IMAGE_SHAPE, MnistBatches.CLASSES);
        network.train();
        loss = new CrossEntropyLoss(engine);
        sgd = new Sgd(network, net.settings().learningRate(), net.settings().momentum(), 0f);
        Batch b = MnistBatches.train(1, batch).get(0);
        images = closer.track(engine.fromArray(b.images(), b.shape()));
        labels = closer.track(engine.fromArray(b.labels(), b.count()));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sgd.close();
        loss.close();
        network.close();
        closer.closeAll(engine);
    }

    /** Returns the loss (read back to the host, which also waits for the device). */
    @Benchmark
    public float step() {
        float l = loss.forward(network.forward(images), labels);
        network.backward(loss.backward());
        sgd.step();
        engine.synchronize();
        return l;
    }
}
