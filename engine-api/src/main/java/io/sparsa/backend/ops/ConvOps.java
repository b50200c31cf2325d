package io.sparsa.backend.ops;

import io.sparsa.tensor.Tensor;

/**
 * Convolutions and pooling over NCHW tensors. Sparse convolutions keep their weights in an
 * {@link EllMatrix} with {@code rows = Cout} and {@code cols = Cin * kh * kw}, where column
 * {@code (c * kh + i) * kw + j} is weight {@code [o, c, i, j]} of the dense {@code [Cout, Cin, kh, kw]}
 * tensor: one mask shared by every position.
 */
public interface ConvOps {
    /**
     * {@code y = conv2d(x, w) + bias}. x {@code [N, Cin, H, W]}, w {@code [Cout, Cin, kh, kw]},
     * bias {@code [Cout]} or null, y {@code [N, Cout, outH, outW]} (overwritten).
     */
    void conv2d(Tensor x, Tensor w, Tensor bias, Conv2dGeometry g, Tensor y);

    /**
     * The same result as {@link #conv2d} (same shapes and validation), for inputs that are mostly
     * zero, such as the output of a k-winners layer or MNIST pixels: the cost is proportional to
     * the nonzero inputs rather than to the input size. Each nonzero {@code x[n, c, i, j]} adds
     * {@code x * w[:, c, ki, kj]} to the outputs whose window reads it, so sums may run in another
     * order than {@link #conv2d}'s; an input with no zeros costs more than {@link #conv2d}.
     */
    void conv2dSparseInput(Tensor x, Tensor w, Tensor bias, Conv2dGeometry g, Tensor y);

    /** {@code dx} {@code [N, Cin, H, W]} (overwritten) from dy {@code [N, Cout, outH, outW]}. */
    void conv2dBackwardData(Tensor dy, Tensor w, Conv2dGeometry g, Tensor dx);

    /**
     * {@code dw} {@code [Cout, Cin, kh, kw]} (overwritten) and, unless null, {@code dBias}
     * {@code [Cout]} (overwritten: the sum of dy over N, outH, outW).
     */
    void conv2dBackwardWeights(Tensor x, Tensor dy, Conv2dGeometry g, Tensor dw, Tensor dBias);

    /** As {@link #conv2d} with ELL-sparse weights. */
    void sparseConv2d(Tensor x, EllMatrix w, Tensor bias, Conv2dGeometry g, Tensor y);

    /** As {@link #conv2dBackwardData} with ELL-sparse weights; {@code dx} {@code [N, Cin, H, W]}. */
    void sparseConv2dBackwardData(Tensor dy, EllMatrix w, Conv2dGeometry g, Tensor dx);

    /**
     * Gradient of the kept weights only, {@code dValues} {@code [Cout, nnz]} (overwritten), and
     * unless null {@code dBias} {@code [Cout]} (overwritten).
     */
    void sparseConv2dBackwardWeights(Tensor x, Tensor dy, EllMatrix w, Conv2dGeometry g, Tensor dValues,
                                     Tensor dBias);

    /**
     * Max pooling without padding (floor mode): {@code y[n, c, i, j]} is the maximum of the
     * {@code kernel x kernel} window at {@code (i * stride, j * stride)}. {@code argmax}
     * (int32, shape of y) receives the winning position as {@code h * W + w} within the input
     * plane; on ties the first in row-major order wins. x {@code [N, C, H, W]}, y and argmax
     * {@code [N, C, (H - kernel) / stride + 1, (W - kernel) / stride + 1]}.
     */
    void maxPool2d(Tensor x, int kernel, int stride, Tensor y, Tensor argmax);

    /** {@code dx} {@code [N, C, H, W]} (overwritten): each dy element added at its argmax. */
    void maxPool2dBackward(Tensor dy, Tensor argmax, Tensor dx);
}
