package io.sparsa.bench;

import io.sparsa.backend.Backend;
import io.sparsa.backend.ops.CsrMatrix;
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
 * Sparse activations (k winners per row, as k-winners emits them) times sparse weights (the
 * transposed CSR of a fixed-fan-in mask), the inference path; the dense twin is
 * {@link LinearDenseBench#forward()} at the same {@code backend}, {@code layer} and {@code batch}.
 * Target: 10% activations x 90% weight sparsity at least 20x faster than the dense twin.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {ForkFlags.VECTOR_API, ForkFlags.NATIVE_ACCESS})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class SparseSparseMatmulBench {
    @Param({"cpu", "opencl", "cuda"})
    public String backend;

    @Param({"1024x1000", "1600x1500"})
    public String layer;

    @Param({"1", "64", "256"})
    public int batch;

    /** Fraction of each activation row that is non-zero. */
    @Param({"0.05", "0.1", "0.2"})
    public double density;

    @Param({"0.9", "0.95"})
    public double sparsity;

    private final TensorCloser closer = new TensorCloser();
    private Backend engine;
    private CsrMatrix wT;
    private Tensor xIndices;
    private Tensor xValues;
    private Tensor y;

    @Setup(Level.Trial)
    public void setUp() {
        LinearShape l = LinearShape.of(layer);
        engine = BenchBackends.open(backend);
        RandomData random = new RandomData("sparse-sparse " + layer + " " + sparsity + " " + density);
        wT = SparseWeights.random(random, l.out(), l.in(), sparsity).toTransposedCsr(engine, closer);
        int k = Math.max(1, (int) Math.round(density * l.in()));
        xIndices = closer.track(engine.fromArray(random.distinctSortedRows(batch, k, l.in()), batch, k));
        xValues = closer.track(engine.fromArray(random.uniform(batch * k, 0, 1), batch, k));
        y = closer.track(engine.zeros(batch, l.out()));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        closer.closeAll(engine);
    }

    @Benchmark
    public void forward() {
        engine.sparseSparseMatmul(xIndices, xValues, wT, null, y);
        engine.synchronize();
    }
}
