package io.sparsa.bench;

import dev.ludovic.netlib.blas.BLAS;
import io.sparsa.bench.blas.BlasBaseline;
import io.sparsa.bench.fixture.ForkFlags;
import io.sparsa.bench.fixture.GemmShape;
import io.sparsa.bench.fixture.RandomData;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The baseline of {@link GemmBench}: the system BLAS's {@code sgemm} on the same shapes, through
 * netlib's JNI wrapper. Setup fails unless a tuned native BLAS loaded (see
 * {@link BlasBaseline#requireOptimized()}); it prints which one did.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {ForkFlags.VECTOR_API, ForkFlags.NATIVE_ACCESS})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class BlasGemmBench {
    @Param({"square-1024", "cnn2-conv1-b64", "cnn2-conv1-b256", "cnn2-conv2-b64", "cnn2-conv2-b256",
            "cnn2-hidden-b64", "cnn2-hidden-b256"})
    public String shape;

    private BLAS blas;
    private GemmShape s;
    private float[] a;
    private float[] b;
    private float[] c;

    @Setup(Level.Trial)
    public void setUp() {
        s = GemmShape.of(shape);
        blas = BlasBaseline.blas();
        RandomData random = new RandomData("gemm " + shape);
        a = random.uniform(s.m() * s.k(), -1, 1);
        b = random.uniform(s.k() * s.n(), -1, 1);
        c = new float[s.m() * s.n()];
        BlasBaseline.Description d = BlasBaseline.requireOptimized();
        System.out.println("# baseline BLAS: " + d.summary() + "; OPENBLAS_NUM_THREADS="
                + System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "(unset: all cores)"));
    }

    @Benchmark
    public void sgemm() {
        BlasBaseline.sgemmRowMajor(blas, s.transA(), s.transB(), s.m(), s.n(), s.k(), 1f, a, b, 0f, c);
    }
}
