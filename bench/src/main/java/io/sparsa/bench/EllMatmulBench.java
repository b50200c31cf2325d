package io.sparsa.bench;

import io.sparsa.backend.Backend;
import io.sparsa.backend.ops.EllMatrix;
import io.sparsa.bench.fixture.BenchBackends;
import io.sparsa.bench.fixture.ForkFlags;
import io.sparsa.bench.fixture.LinearShape;
import io.sparsa.bench.fixture.RandomData;
import io.sparsa.bench.fixture.SparseWeights;
import io.sparsa.bench.fixture.TensorCloser;
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
 * Sparse-weight (ELL) products of a linear layer, forward and both backward passes, at several
 * weight sparsities; the dense twin is {@link LinearDenseBench} at the same {@code backend},
 * {@code layer} and {@code batch}. Forward runs without bias so that both sides compute the bare
 * product. Target: forward at 90% sparsity at least 5x faster than the dense twin.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {ForkFlags.VECTOR_API, ForkFlags.NATIVE_ACCESS})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class EllMatmulBench {
    @Param({"cpu", "opencl", "cuda"})
    public String backend;

    @Param({"1024x1000", "1600x1500"})
    public String layer;

    @Param({"0.5", "0.8", "0.9", "0.95"})
    public double sparsity;

    @Param({"1", "64", "256"})
    public int batch;

    private final TensorCloser closer = new TensorCloser();
    private Backend engine;
    private EllMatrix w;
    private Tensor x;
    private Tensor y;
    private Tensor dy;
    private Tensor dx;
    private Tensor dValues;

    @Setup(Level.Trial)
    public void setUp() {
        LinearShape l = LinearShape.of(layer);
        engine = BenchBackends.open(backend);
        RandomData random = new RandomData("ell " + layer + " " + sparsity);
        SparseWeights weights = SparseWeights.random(random, l.out(), l.in(), sparsity);
        w = weights.toEll(engine, closer);
        x = closer.track(engine.fromArray(random.uniform(batch * l.in(), 0, 1), batch, l.in()));
        y = closer.track(engine.zeros(batch, l.out()));
        dy = closer.track(engine.fromArray(random.uniform(batch * l.out(), -1, 1), batch, l.out()));
        dx = closer.track(engine.zeros(batch, l.in()));
        dValues = closer.track(engine.zeros(l.out(), weights.nnz()));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        closer.closeAll(engine);
    }

    @Benchmark
    public void forward() {
        engine.ellMatmul(x, w, null, y);
        engine.synchronize();
    }

    @Benchmark
    public void backwardData() {
        engine.ellMatmulBackwardData(dy, w, dx);
        engine.synchronize();
    }

    @Benchmark
    public void backwardWeights() {
        engine.ellMatmulBackwardWeights(x, dy, w, dValues);
        engine.synchronize();
    }
}
