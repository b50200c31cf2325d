package io.sparsa.cuda;

import io.sparsa.backend.Checks;
import io.sparsa.tensor.Tensor;

/**
 * Dense linear algebra: cuBLAS when the device has it, else the tiled {@code gemm} kernel.
 * Each operation checks its arguments with {@link Checks} first, before it queues any work.
 */
final class CuDenseOps {
    private final CuBackend backend;
    private final CuKernelSizes sizes;

    CuDenseOps(CuBackend backend, CuKernelSizes sizes) {
        this.backend = backend;
        this.sizes = sizes;
    }

    void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        int[] mnk = Checks.gemm(backend, transA, transB, a, b, c);
        int m = mnk[0];
        int n = mnk[1];
        int k = mnk[2];
        if (m == 0 || n == 0) {
            return;
        }
        if (k > 0 && backend.device().vendorGemm(transA, transB, m, n, k, alpha, CuBackend.buffer(a),
                CuBackend.buffer(b), beta, CuBackend.buffer(c))) {
            return;
        }
        // The tiled kernel also covers k == 0 (C = beta * C), which cuBLAS's argument checks reject.
        backend.launch(CuKernel.GEMM).tensor(a).tensor(b).tensor(c).i32(m).i32(n).i32(k).flag(transA).flag(transB)
                .f32(alpha).f32(beta)
                .run(sizes.tileThreads() * sizes.tiles(m) * sizes.tiles(n), sizes.tileThreads());
    }
}
