package io.sparsa.bench;

import io.sparsa.backend.Backend;
import io.sparsa.backend.ops.Conv2dGeometry;
import io.sparsa.bench.fixture.BenchBackends;
import io.sparsa.bench.fixture.ConvLayer;
import io.sparsa.bench.fixture.ForkFlags;
import io.sparsa.bench.fixture.RandomData;
import io.sparsa.bench.fixture.TensorCloser;
import io.sparsa.tensor.Shapes;
import io.sparsa.tensor.Tensor;
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
 * Dense 5x5 convolutions of the paper's networks ({@link ConvLayer}), forward and both backward
 * passes: the dense twin of {@link SparseConv2dBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {ForkFlags.VECTOR_API, ForkFlags.NATIVE_ACCESS})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class Conv2dBench {
    @Param({"cpu", "opencl", "cuda"})
    public String backend;

    @Param({"mnist-conv1", "mnist-conv2", "gsc-conv1", "gsc-conv2"})
    public String conv;

    @Param({"64"})
    public int batch;

    private final TensorCloser closer = new TensorCloser();
    private Backend engine;
    private Conv2dGeometry g;
    private Tensor x;
    private Tensor w;
    private Tensor bias;
    private Tensor y;
    private Tensor dy;
    private Tensor dx;
    private Tensor dw;
    private Tensor dBias;

    @Setup(Level.Trial)
    public void setUp() {
        ConvLayer c = ConvLayer.of(conv);
        g = c.geometry();
        engine = BenchBackends.open(backend);
        RandomData random = new RandomData("conv " + conv);
        int[] xs = c.inputShape(batch);
        int[] ys = c.outputShape(batch);
        float scale = (float) (1 / Math.sqrt(c.fanIn()));
        x = closer.track(engine.fromArray(random.uniform(Shapes.elementCount("shape", xs), 0, 1), xs));
        w = closer.track(engine.fromArray(random.uniform(c.cout() * c.fanIn(), -scale, scale), c.weightShape()));
        bias = closer.track(engine.fromArray(random.uniform(c.cout(), -0.1f, 0.1f), c.cout()));
        y = closer.track(engine.zeros(ys));
        dy = closer.track(engine.fromArray(random.uniform(Shapes.elementCount("shape", ys), -1, 1), ys));
        dx = closer.track(engine.zeros(xs));
        dw = closer.track(engine.zeros(c.weightShape()));
        dBias = closer.track(engine.zeros(c.cout()));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        closer.closeAll(engine);
    }

    @Benchmark
    public void forward() {
        engine.conv2d(x, w, bias, g, y);
        engine.synchronize();
    }

    @Benchmark
    public void backwardData() {
        engine.conv2dBackwardData(dy, w, g, dx);
        engine.synchronize();
    }

    @Benchmark
    public void backwardWeights() {
        engine.conv2dBackwardWeights(x, dy, g, dw, dBias);
        engine.synchronize();
    }
}
