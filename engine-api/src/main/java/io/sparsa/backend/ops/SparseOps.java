package io.sparsa.backend.ops;

import io.sparsa.tensor.Tensor;

/** Products with sparse weights, and with sparse activations times sparse weights. */
public interface SparseOps {
    /**
     * Sparse-weight forward, {@code y = x * W^T (+ bias)}: {@code y[b, o] = sum_j W.values[o, j] *
     * x[b, W.columns[o, j]] + bias[o]}. x is {@code [B, W.cols]}, bias {@code [W.rows]} or null,
     * y {@code [B, W.rows]} (overwritten).
     */
    void ellMatmul(Tensor x, EllMatrix w, Tensor bias, Tensor y);

    /**
     * Gradient with respect to the input, {@code dx = dy * W}: {@code dx[b, i] = sum over (o, j)
     * with W.columns[o, j] == i of dy[b, o] * W.values[o, j]}. dy is {@code [B, W.rows]}, dx
     * {@code [B, W.cols]} (overwritten).
     */
    void ellMatmulBackwardData(Tensor dy, EllMatrix w, Tensor dx);

    /**
     * Gradient with respect to the kept weights only: {@code dValues[o, j] = sum_b dy[b, o] *
     * x[b, W.columns[o, j]]}. x is {@code [B, W.cols]}, dy {@code [B, W.rows]}, dValues
     * {@code [W.rows, W.nnz]} (overwritten). Masked weights get no gradient, so they stay zero.
     */
    void ellMatmulBackwardWeights(Tensor x, Tensor dy, EllMatrix w, Tensor dValues);

    /**
     * Sparse activations times sparse weights, for inference. Row b of the activations holds k
     * (index, value) pairs, as k-winners produce them: {@code x[b, xIndices[b, j]] = xValues[b, j]},
     * zero elsewhere. {@code wT} holds the transposed weights ({@code [in, out]}, see
     * {@link CsrMatrix}). Computes {@code y[b, o] = bias[o] + sum_j xValues[b, j] *
     * wT[xIndices[b, j], o]}. xIndices is int32 {@code [B, k]} with distinct entries in
     * {@code [0, wT.rows)}, xValues {@code [B, k]}, bias {@code [wT.cols]} or null, y
     * {@code [B, wT.cols]} (overwritten).
     */
    void sparseSparseMatmul(Tensor xIndices, Tensor xValues, CsrMatrix wT, Tensor bias, Tensor y);
}
