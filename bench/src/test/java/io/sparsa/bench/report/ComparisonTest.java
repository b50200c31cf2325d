package io.sparsa.bench.report;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Baseline matching, speed-ups and units of the report. */
class ComparisonTest {
    private static BenchResult result(String benchmark, double median, String unit, String... params) {
        Map<String, String> p = new java.util.HashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            p.put(params[i], params[i + 1]);
        }
        return new BenchResult(benchmark, p, median, median, Double.NaN, unit);
    }

    @Test
    void sparseResultFindsTheDenseTwinWithTheSameBackendLayerAndBatch() {
        BenchResult ell = result("EllMatmulBench.forward", 50, "us/op", "backend", "cpu", "layer", "1024x1000",
                "sparsity", "0.9", "batch", "64");
        BenchResult twinOtherBatch = result("LinearDenseBench.forward", 1000, "us/op", "backend", "cpu",
                "layer", "1024x1000", "batch", "256");
        BenchResult twinOtherBackend = result("LinearDenseBench.forward", 900, "us/op", "backend", "opencl",
                "layer", "1024x1000", "batch", "64");
        BenchResult twin = result("LinearDenseBench.forward", 0.4, "ms/op", "backend", "cpu", "layer", "1024x1000",
                "batch", "64");
        Comparison c = Comparisons.all().stream().filter(x -> x.subject().equals("EllMatmulBench.forward"))
                .findFirst().orElseThrow();
        List<Comparison.Pair> pairs = c.pairs(List.of(ell, twinOtherBatch, twinOtherBackend, twin));
        assertEquals(1, pairs.size());
        assertSame(twin, pairs.get(0).baseline());
        assertEquals(8.0, pairs.get(0).speedup(), 1e-9, "400 us / 50 us");
        assertTrue(c.targetApplies(ell));
        assertFalse(c.targetApplies(result("EllMatmulBench.forward", 1, "us/op", "sparsity", "0.5")));
    }

    @Test
    void threadScalingComparesTwoThreadsWithOneOfTheSameBenchmark() {
        BenchResult one = result("GemmThreadsBench.gemm", 90, "ms/op", "backend", "cpu", "threads", "1");
        BenchResult two = result("GemmThreadsBench.gemm", 50, "ms/op", "backend", "cpu", "threads", "2");
        Comparison c = Comparisons.all().stream().filter(x -> x.subject().equals("GemmThreadsBench.gemm"))
                .findFirst().orElseThrow();
        List<Comparison.Pair> pairs = c.pairs(List.of(one, two));
        assertEquals(1, pairs.size(), "only the 2-thread result is a subject");
        assertSame(two, pairs.get(0).subject());
        assertEquals(1.8, pairs.get(0).speedup(), 1e-9);
    }

    @Test
    void blasBaselineIgnoresTheBackend() {
        BenchResult gemm = result("GemmBench.gemm", 30, "ms/op", "backend", "cpu", "shape", "square-1024");
        BenchResult blas = result("BlasGemmBench.sgemm", 27, "ms/op", "shape", "square-1024");
        BenchResult otherShape = result("BlasGemmBench.sgemm", 1, "ms/op", "shape", "cnn2-hidden-b64");
        Comparison c = Comparisons.all().get(0);
        assertSame(blas, c.baselineOf(gemm, List.of(otherShape, blas)));
        assertNull(c.baselineOf(gemm, List.of(otherShape)));
    }

    @Test
    void unitsConvertToSecondsPerOperation() {
        assertEquals(2e-6, BenchResult.secondsPerOp(2, "us/op"), 1e-18);
        assertEquals(3e-3, BenchResult.secondsPerOp(3, "ms/op"), 1e-15);
        assertEquals(0.25, BenchResult.secondsPerOp(4, "ops/s"), 1e-15);
        assertEquals(1e-3 / 5, BenchResult.secondsPerOp(5, "ops/ms"), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> BenchResult.secondsPerOp(1, "furlongs"));
    }

    @Test
    void benchmarkNamesLoseTheirPackage() {
        assertEquals("GemmBench.gemm", JmhJson.shortName("io.sparsa.bench.GemmBench.gemm"));
    }
}
