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
 * Thread scaling of the 1024-cube {@code gemm}: the backend created with 1 and with 2 host
 * threads ({@code BackendConfig.threads}); the target is 2 threads at least 1.8x one thread.
 * Device backends ignore the count, so their two rows should match.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {ForkFlags.VECTOR_API, ForkFlags.NATIVE_ACCESS})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemmThreadsBench {
    @Param({"cpu"})
    public String backend;

    @Param({"1", "2"})
    public int threads;

    private final TensorCloser closer = new TensorCloser();
    private Backend engine;
    private Tensor a;
    private Tensor b;
    private Tensor c;

    @Setup(Level.Trial)
    public void setUp() {
        GemmShape s = GemmShape.SQUARE_1024;
        engine = BenchBackends.open(backend, threads);
        RandomData random = new RandomData("gemm threads");
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
        engine.gemm(false, false, 1f, a, b, 0f, c);
        engine.synchronize();
    }
}
