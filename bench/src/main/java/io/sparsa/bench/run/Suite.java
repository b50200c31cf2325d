package io.sparsa.bench.run;

import java.util.List;
import java.util.Map;

/**
 * What {@code sparsa bench} runs. The full suite is every benchmark with every parameter; the quick
 * suite is the most telling subset, one configuration per target, under five minutes on two cores.
 */
public final class Suite {
    /** Benchmark classes live here; JMH matches include patterns against {@code PACKAGE.Class.method}. */
    public static final String PACKAGE = "io.sparsa.bench.";

    private Suite() {
    }

    /** Every benchmark, every parameter combination. */
    public static List<Group> full() {
        return List.of(new Group("all", "^" + quote(PACKAGE) + "[A-Za-z0-9]+\\.[A-Za-z0-9]+$", Map.of(), List.of()));
    }

    /** One configuration per target, with its baseline. */
    public static List<Group> quick() {
        return List.of(
                new Group("dense GEMM vs BLAS", methods("GemmBench.gemm", "BlasGemmBench.sgemm"),
                        Map.of("shape", List.of("square-1024", "cnn2-conv2-b64", "cnn2-hidden-b64")), List.of()),
                new Group("GEMM thread scaling", methods("GemmThreadsBench.gemm"), Map.of(), List.of("cpu")),
                new Group("sparse linear vs dense twin", methods("EllMatmulBench.forward", "LinearDenseBench.forward",
                        "SparseSparseMatmulBench.forward"),
                        Map.of("layer", List.of("1600x1500"), "batch", List.of("64"), "sparsity", List.of("0.9"),
                                "density", List.of("0.1")), List.of()),
                new Group("k-winners vs copy floor", methods("KWinnersBench.oneD", "KWinnersFloorBench.copy"),
                        Map.of("n", List.of("4608", "100000"), "k", List.of("0.1"), "batch", List.of("64")), List.of()),
                new Group("end to end", methods("SparseCnnInferenceBench.sparse", "SparseCnnInferenceBench.dense",
                        "TrainingStepBench.step"), Map.of("batch", List.of("64"), "model", List.of("sparse-cnn-2")),
                        List.of()));
    }

    /** An include pattern for exactly these {@code Class.method}s. */
    static String methods(String... classDotMethod) {
        StringBuilder sb = new StringBuilder("^(");
        for (int i = 0; i < classDotMethod.length; i++) {
            sb.append(i == 0 ? "" : "|").append(quote(PACKAGE + classDotMethod[i]));
        }
        return sb.append(")$").toString();
    }

    private static String quote(String s) {
        return s.replace(".", "\\.");
    }
}
