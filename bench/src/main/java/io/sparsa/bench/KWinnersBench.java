package io.sparsa.bench;

import io.sparsa.backend.Backend;
import io.sparsa.bench.fixture.BenchBackends;
import io.sparsa.bench.fixture.ForkFlags;
import io.sparsa.bench.fixture.RandomData;
import io.sparsa.bench.fixture.TensorCloser;
import io.sparsa.bench.fixture.WinnerShape;
import io.sparsa.tensor.DType;
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
 * k-winners with boosting over rows of {@code n} units, k a fraction of the row: 1-d (one boost
 * per unit), 2-d global (the row seen as {@code [C, H, W]}, one boost per channel) and 2-d local
 * (at every position the k of C channels win). Its memory-bound floor is
 * {@link KWinnersFloorBench}, a copy of the same bytes on the same backend; target: at least half
 * the floor's speed for rows of 4,608 and more.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {ForkFlags.VECTOR_API, ForkFlags.NATIVE_ACCESS})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class KWinnersBench {
    @Param({"cpu", "opencl", "cuda"})
    public String backend;

    @Param({"1024", "4608", "16384", "100000"})
    public int n;

    /** Winners as a fraction of the row (of the channels for the local variant). */
    @Param({"0.05", "0.1", "0.2"})
    public double k;

    @Param({"64"})
    public int batch;

    private final TensorCloser closer = new TensorCloser();
    private Backend engine;
    private int winners;
    private int localWinners;
    private Tensor x;
    private Tensor x4;
    private Tensor unitBoost;
    private Tensor channelBoost;
    private Tensor out;
    private Tensor out4;
    private Tensor indices;
    private Tensor localIndices;

    @Setup(Level.Trial)
    public void setUp() {
        WinnerShape s = WinnerShape.of(n);
        winners = s.winners(k);
        localWinners = s.localWinners(k);
        engine = BenchBackends.open(backend);
        RandomData random = new RandomData("k-winners " + n);
        x = closer.track(engine.fromArray(random.uniform(batch * n, 0, 1), batch, n));
        x4 = x.reshape(batch, s.channels(), s.height(), s.width());
        // boost factors near 1, as exp((target - duty) * strength) gives them once duty cycles settle
        unitBoost = closer.track(engine.fromArray(random.uniform(n, 0.8f, 1.25f), n));
        channelBoost = closer.track(engine.fromArray(random.uniform(s.channels(), 0.8f, 1.25f), s.channels()));
        out = closer.track(engine.zeros(batch, n));
        out4 = out.reshape(batch, s.channels(), s.height(), s.width());
        indices = closer.track(engine.zeros(DType.INT32, batch, winners));
        localIndices = closer.track(engine.zeros(DType.INT32,
                batch, localWinners, s.height(), s.width()));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        closer.closeAll(engine);
    }

    @Benchmark
    public void oneD() {
        engine.kWinners(x, unitBoost, winners, out, indices);
        engine.synchronize();
    }

    @Benchmark
    public void twoDGlobal() {
        engine.kWinners(x, channelBoost, winners, out, indices);
        engine.synchronize();
    }

    @Benchmark
    public void twoDLocal() {
        engine.kWinnersLocal(x4, channelBoost, localWinners, out4, localIndices);
        engine.synchronize();
    }
}
