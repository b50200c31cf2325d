package io.sparsa.backend.ops;

import io.sparsa.tensor.Tensor;

/** Element-wise and reduction operations that layers and training need besides the big kernels. */
public interface ElementwiseOps {
    /**
     * In place, {@code x += bias} broadcast over dimension 1: x {@code [B, n]} with bias {@code [n]},
     * or x {@code [B, C, H, W]} with bias {@code [C]}.
     */
    void addBias(Tensor x, Tensor bias);

    /** {@code y = max(x, 0)}; x and y of one shape (may be the same tensor). */
    void relu(Tensor x, Tensor y);

    /** {@code dx = x > 0 ? dy : 0}; all of one shape. */
    void reluBackward(Tensor dy, Tensor x, Tensor dx);

    /** {@code out = a * b} element-wise; all of one shape (out may be a or b). */
    void mul(Tensor a, Tensor b, Tensor out);

    /** {@code y += alpha * x}; same element count. */
    void axpy(float alpha, Tensor x, Tensor y);

    /** In place, {@code x *= alpha}. */
    void scale(float alpha, Tensor x);

    /** In place, {@code x = min(max(x, lo), hi)}; {@code lo <= hi}. */
    void clamp(Tensor x, float lo, float hi);

    /** {@code out = x >= threshold ? 1 : 0}; x and out float32 of one shape. */
    void greaterEqual(Tensor x, float threshold, Tensor out);

    /** Column sums over the batch: {@code out[j] = sum_b x[b, j]}; x {@code [B, n]}, out {@code [n]} (overwritten). */
    void sumRows(Tensor x, Tensor out);

    /** {@code out[b, j] = x[b, indices[b, j]]}; x {@code [B, n]}, indices int32 {@code [B, k]}, out {@code [B, k]}. */
    void gatherRows(Tensor x, Tensor indices, Tensor out);

    /** {@code out[b]} = index of the largest {@code x[b, :]} (ties to the lower index); x {@code [B, n]}, out int32 {@code [B]}. */
    void argmaxRows(Tensor x, Tensor out);
}
