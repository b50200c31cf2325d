package io.sparsa.backend.ops;

import io.sparsa.tensor.Tensor;

/** Dense linear algebra. */
public interface DenseOps {
    /**
     * General matrix multiply, {@code C = alpha * op(A) * op(B) + beta * C}, as BLAS {@code sgemm}.
     * {@code op(A)} is {@code [M, K]}: A is {@code [M, K]}, or {@code [K, M]} when {@code transA}.
     * {@code op(B)} is {@code [K, N]}: B is {@code [K, N]}, or {@code [N, K]} when {@code transB}.
     * C is {@code [M, N]}. When {@code beta == 0} the old contents of C are ignored (even NaN).
     * C must not share storage with A or B.
     */
    void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c);
}
