package io.sparsa.cuda;

import io.sparsa.backend.Backend;
import io.sparsa.backend.BackendConfig;
import io.sparsa.conformance.Comparison;
import io.sparsa.conformance.Outputs;
import io.sparsa.conformance.TestData;
import io.sparsa.conformance.Tolerance;
import io.sparsa.reference.ReferenceBackend;
import io.sparsa.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both GEMM paths against the reference: the conformance kit covers the path in use (cuBLAS where
 * it loads), this covers the tiled kernel there too, and cuBLAS wherever it is present.
 */
class CuGemmPathsTest {
    private static final int[][] SIZES = {{1, 1, 1}, {3, 7, 13}, {17, 1, 33}, {67, 33, 130}, {130, 17, 257},
            {100, 129, 300}, {65, 64, 0}};

    @Test
    void tiledKernelMatchesReference() {
        CuTestSupport.assumeCuda("CUDA tiled-kernel GEMM");
        try (Backend cuda = CuProvider.withGemm("kernel").create(BackendConfig.fromSystemProperties())) {
            assertFalse(((CuBackend) cuda).usesCublas(), "sparsa.cuda.gemm=kernel must not use cuBLAS");
            compare(cuda, "tiled kernel");
        }
    }

    @Test
    void cublasMatchesReferenceWhereItLoads() {
        CuTestSupport.assumeCuda("CUDA cuBLAS GEMM");
        CuBlas.Availability cublas = CuProbe.outcome().cublas();
        if (!cublas.loaded()) {
            System.out.println("SKIPPED CUDA cuBLAS GEMM: " + cublas.description());
            org.junit.jupiter.api.Assumptions.assumeTrue(false, cublas.description());
        }
        try (Backend cuda = CuProvider.withGemm("cublas").create(BackendConfig.fromSystemProperties())) {
            assertTrue(((CuBackend) cuda).usesCublas());
            compare(cuda, "cuBLAS");
        }
    }

    private static void compare(Backend cuda, String path) {
        TestData data = new TestData(TestData.seedFromProperties("CUDA GEMM, " + path));
        Comparison comparison = new Comparison(cuda, new ReferenceBackend());
        for (int[] mnk : SIZES) {
            int m = mnk[0];
            int n = mnk[1];
            int k = mnk[2];
            for (boolean ta : new boolean[]{false, true}) {
                for (boolean tb : new boolean[]{false, true}) {
                    for (float beta : new float[]{0f, -0.5f}) {
                        float[] a = data.signed(m * k);
                        float[] b = data.signed(k * n);
                        float[] c = data.signed(m * n);
                        comparison.check(path + " gemm M=" + m + " N=" + n + " K=" + k + " transA=" + ta + " transB=" + tb
                                + " beta=" + beta, Tolerance.DEFAULT.forReduction(k), s -> {
                                    Tensor at = ta ? s.floats(a, k, m) : s.floats(a, m, k);
                                    Tensor bt = tb ? s.floats(b, n, k) : s.floats(b, k, n);
                                    Tensor ct = beta == 0 ? s.filled(Float.NaN, m, n) : s.floats(c, m, n);
                                    s.backend().gemm(ta, tb, 1.5f, at, bt, beta, ct);
                                    return Outputs.of("c", ct);
                                });
                    }
                }
            }
        }
    }
}
