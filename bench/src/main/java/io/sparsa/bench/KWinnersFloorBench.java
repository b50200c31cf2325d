package io.sparsa.bench;

import io.sparsa.backend.Backend;
import io.sparsa.bench.fixture.BenchBackends;
import io.sparsa.bench.fixture.ForkFlags;
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
 * The memory-bound floor of {@link KWinnersBench}: the backend's own {@code copy} of a
 * {@code [batch, n]} float tensor, i.e. reading the input and writing the output once, which is
 * the least any k-winners kernel must move (it also writes the k indices).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {ForkFlags.VECTOR_API, ForkFlags.NATIVE_ACCESS})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class KWinnersFloorBench {
    @Param({"cpu", "opencl", "cuda"})
    public String backend;

    @Param({"1024", "4608", "16384", "100000"})
    public int n;

    @Param({"64"})
    public int batch;

    private final TensorCloser closer = new TensorCloser();
    private Backend engine;
    private Tensor x;
    private Tensor out;

    @Setup(Level.Trial)
    public void setUp() {
        engine = BenchBackends.open(backend);
        RandomData random = new RandomData("k-winners " + n);
        x = closer.track(engine.fromArray(random.uniform(batch * n, 0, 1), batch, n));
        out = closer.track(engine.zeros(batch, n));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        closer.closeAll(engine);
    }

    @Benchmark
    public void copy() {
        engine.copy(x, out);
        engine.synchronize();
    }
}
