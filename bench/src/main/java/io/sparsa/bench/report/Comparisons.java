package io.sparsa.bench.report;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Every benchmark's baseline, and the targets of the benchmarks issue (CPU backend, medians, each
 * a ratio measured in one run).
 */
public final class Comparisons {
    private Comparisons() {
    }

    /** All comparisons; a benchmark method is the subject of at most one. */
    public static List<Comparison> all() {
        return List.of(
                new Comparison("dense GEMM vs native BLAS sgemm", "GemmBench.gemm", "BlasGemmBench.sgemm", Map.of(),
                        new Comparison.Target(1.0, p -> true, "every shape")),
                new Comparison("GEMM 1024^3, 2 threads vs 1 thread", "GemmThreadsBench.gemm", "GemmThreadsBench.gemm",
                        Map.of("threads", "1"), new Comparison.Target(1.8, p -> true, "threads=2")),
                new Comparison("ELL forward vs dense GEMM twin", "EllMatmulBench.forward", "LinearDenseBench.forward",
                        Map.of(), new Comparison.Target(5.0, equal("sparsity", 0.9), "sparsity=0.9")),
                new Comparison("ELL backward-data vs dense twin", "EllMatmulBench.backwardData",
                        "LinearDenseBench.backwardData", Map.of(), null),
                new Comparison("ELL backward-weights vs dense twin", "EllMatmulBench.backwardWeights",
                        "LinearDenseBench.backwardWeights", Map.of(), null),
                new Comparison("sparse-sparse vs dense GEMM twin", "SparseSparseMatmulBench.forward",
                        "LinearDenseBench.forward", Map.of(), new Comparison.Target(20.0,
                        equal("density", 0.1).and(equal("sparsity", 0.9)), "density=0.1 sparsity=0.9")),
                new Comparison("sparse conv2d forward vs dense", "SparseConv2dBench.forward", "Conv2dBench.forward",
                        Map.of(), null),
                new Comparison("sparse conv2d backward-data vs dense", "SparseConv2dBench.backwardData",
                        "Conv2dBench.backwardData", Map.of(), null),
                new Comparison("sparse conv2d backward-weights vs dense", "SparseConv2dBench.backwardWeights",
                        "Conv2dBench.backwardWeights", Map.of(), null),
                kWinners("oneD", "1-d"),
                kWinners("twoDGlobal", "2-d global"),
                kWinners("twoDLocal", "2-d local"),
                new Comparison("sparse-cnn-2 inference images/s, sparse-sparse path vs dense", "SparseCnnInferenceBench.sparse",
                        "SparseCnnInferenceBench.dense", Map.of(), new Comparison.Target(5.0, p -> true, "every batch")),
                new Comparison("sparse-cnn-2 inference after the convolutions, sparse-sparse vs dense",
                        "SparseCnnInferenceBench.sparseTail", "SparseCnnInferenceBench.denseTail", Map.of(), null),
                new Comparison("training step vs the paper's dense-cnn-2", "TrainingStepBench.step", "TrainingStepBench.step",
                        Map.of("model", "dense-cnn-2"), null));
    }

    private static Comparison kWinners(String method, String variant) {
        return new Comparison("k-winners " + variant + " vs streaming copy of the same bytes",
                "KWinnersBench." + method, "KWinnersFloorBench.copy", Map.of(),
                new Comparison.Target(0.5, atLeast("n", 4608), "n>=4608"));
    }

    static Predicate<Map<String, String>> equal(String param, double value) {
        return p -> p.containsKey(param) && Double.parseDouble(p.get(param)) == value;
    }

    static Predicate<Map<String, String>> atLeast(String param, double value) {
        return p -> p.containsKey(param) && Double.parseDouble(p.get(param)) >= value;
    }
}
