package io.sparsa.bench;

import io.sparsa.backend.Backend;
import io.sparsa.bench.fixture.BenchBackends;
import io.sparsa.bench.fixture.ForkFlags;
import io.sparsa.bench.fixture.GemmShape;
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
 * Dense {@code gemm} of each backend at the shapes of {@link GemmShape}; its baseline is
 * {@link BlasGemmBench} at the same {@code shape}. A backend that cannot run here fails its
 * setup with the reason (see {@link BenchBackends}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {ForkFlags.VECTOR_API, ForkFlags.NATIVE_ACCESS})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemmBench {
    @Param({"cpu", "opencl", "cuda"})
    public String backend;

    @Param({"square-1024", "cnn2-conv1-b64", "cnn2-conv1-b256", "cnn2-conv2-b64", "cnn2-conv2-b256",
            "cnn2-hidden-b64", "cnn2-hidden-b256"})
    public String shape;

    private final TensorCloser closer = new TensorCloser();
    private Backend engine;
    private GemmShape s;
    private Tensor a;
    private Tensor b;
    private Tensor c;

    @Setup(Level.Trial)
    public void setUp() {
        s = GemmShape.of(shape);
        engine = BenchBackends.open(backend);
        RandomData random = new RandomData("gemm " + shape);
        a = closer.track(engine.fromArray(random.uniform(s.m() * s.k(), -1, 1), s.aShape()));
        b = closer.track(engine.fromArray(random.uniform(s.k() * s.n(), -1, 1), s.bShape()));
        c = closer.track(engine.zeros(s.m(), s.n()));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        closer.closeAll(engine);
    }

    @Benchmark
    public void gemm() {
        engine.gemm(s.transA(), s.transB(), 1f, a, b, 0f, c);
        engine.synchronize();
    }
}
