package io.sparsa.cuda;

import io.sparsa.backend.Checks;
import io.sparsa.backend.ops.CsrMatrix;
import io.sparsa.backend.ops.EllMatrix;
import io.sparsa.tensor.Tensor;

/**
 * Products with ELL-sparse weights, and sparse activations times sparse weights
 * ({@code ell.cl}, {@code sparse_sparse.cl}).
 * Each operation checks its arguments with {@link Checks} first, before it queues any work.
 */
final class CuSparseOps {
    private final CuBackend backend;
    private final CuKernelSizes sizes;

    CuSparseOps(CuBackend backend, CuKernelSizes sizes) {
        this.backend = backend;
        this.sizes = sizes;
    }

    void ellMatmul(Tensor x, EllMatrix w, Tensor bias, Tensor y) {
        Checks.ellMatmul(backend, x, w, bias, y);
        int batch = x.dim(0);
        backend.launch(CuKernel.ELL_MATMUL).tensor(x).tensor(w.columns()).tensor(w.values()).optional(bias).flag(bias != null)
                .tensor(y).i32(batch).i32(w.cols()).i32(w.rows()).i32(w.nnz())
                .run((long) batch * w.rows(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    void ellMatmulBackwardData(Tensor dy, EllMatrix w, Tensor dx) {
        Checks.ellMatmulBackwardData(backend, dy, w, dx);
        int batch = dy.dim(0);
        try (CuEllTranspose t = new CuEllTranspose(backend, w)) {
            backend.launch(CuKernel.ELL_MATMUL_BACKWARD_DATA).tensor(dy).tensor(w.values()).tensor(t.offsets).tensor(t.rows)
                    .tensor(t.positions).tensor(dx).i32(batch).i32(w.rows()).i32(w.cols())
                    .run((long) batch * w.cols(), CuKernelSizes.ELEMENTWISE_GROUP);
        }
    }

    void ellMatmulBackwardWeights(Tensor x, Tensor dy, EllMatrix w, Tensor dValues) {
        Checks.ellMatmulBackwardWeights(backend, x, dy, w, dValues);
        backend.launch(CuKernel.ELL_MATMUL_BACKWARD_WEIGHTS).tensor(x).tensor(dy).tensor(w.columns()).tensor(dValues)
                .i32(x.dim(0)).i32(w.cols()).i32(w.rows()).i32(w.nnz())
                .run((long) w.rows() * w.nnz(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    void sparseSparseMatmul(Tensor xIndices, Tensor xValues, CsrMatrix wT, Tensor bias, Tensor y) {
        Checks.sparseSparseMatmul(backend, xIndices, xValues, wT, bias, y);
        int batch = xIndices.dim(0);
        backend.launch(CuKernel.SPARSE_SPARSE_MATMUL).tensor(xIndices).tensor(xValues).i32(xIndices.dim(1))
                .tensor(wT.rowOffsets()).tensor(wT.columns()).tensor(wT.values()).i32(wT.rows())
                .optional(bias).flag(bias != null).tensor(y).i32(wT.cols())
                .run((long) sizes.wg() * batch, sizes.wg());
    }
}
