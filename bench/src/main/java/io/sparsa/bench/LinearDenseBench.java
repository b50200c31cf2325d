package io.sparsa.bench;

import io.sparsa.backend.Backend;
import io.sparsa.bench.fixture.BenchBackends;
import io.sparsa.bench.fixture.ForkFlags;
import io.sparsa.bench.fixture.LinearShape;
import io.sparsa.bench.fixture.RandomData;
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
 * The dense twin of {@link EllMatmulBench} and {@link SparseSparseMatmulBench}: the same linear
 * layer through the backend's own {@code gemm}. Forward {@code y = x * W^T}, backward data
 * {@code dx = dy * W}, backward weights {@code dW = dy^T * x}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {ForkFlags.VECTOR_API, ForkFlags.NATIVE_ACCESS})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class LinearDenseBench {
    @Param({"cpu", "opencl", "cuda"})
    public String backend;

    @Param({"1024x1000", "1600x1500"})
    public String layer;

    @Param({"1", "64", "256"})
    public int batch;

    private final TensorCloser closer = new TensorCloser();
    private Backend engine;
    private Tensor w;
    private Tensor x;
    private Tensor y;
    private Tensor dy;
    private Tensor dx;
    private Tensor dw;

    @Setup(Level.Trial)
    public void setUp() {
        LinearShape l = LinearShape.of(layer);
        engine = BenchBackends.open(backend);
        RandomData random = new RandomData("dense " + layer);
        float scale = (float) (1 / Math.sqrt(l.in()));
        w = closer.track(engine.fromArray(random.uniform(l.out() * l.in(), -scale, scale), l.out(), l.in()));
        x = closer.track(engine.fromArray(random.uniform(batch * l.in(), 0, 1), batch, l.in()));
        y = closer.track(engine.zeros(batch, l.out()));
        dy = closer.track(engine.fromArray(random.uniform(batch * l.out(), -1, 1), batch, l.out()));
        dx = closer.track(engine.zeros(batch, l.in()));
        dw = closer.track(engine.zeros(l.out(), l.in()));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        closer.closeAll(engine);
    }

    @Benchmark
    public void forward() {
        engine.gemm(false, true, 1f, x, w, 0f, y);
        engine.synchronize();
    }

    @Benchmark
    public void backwardData() {
        engine.gemm(false, false, 1f, dy, w, 0f, dx);
        engine.synchronize();
    }

    @Benchmark
    public void backwardWeights() {
        engine.gemm(true, false, 1f, dy, x, 0f, dw);
        engine.synchronize();
    }
}
