package io.sparsa.backend.ops;

/**
 * Kernel size, stride and zero padding of a 2-d convolution (no dilation, no groups), as
 * PyTorch's {@code Conv2d}.
 */
public record Conv2dGeometry(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {
    public Conv2dGeometry {
        if (kernelH < 1 || kernelW < 1) {
            throw new IllegalArgumentException("conv2d: kernel must be >= 1, got " + kernelH + "x" + kernelW);
        }
        if (strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException("conv2d: stride must be >= 1, got " + strideH + "x" + strideW);
        }
        if (padH < 0 || padW < 0) {
            throw new IllegalArgumentException("conv2d: padding must be >= 0, got " + padH + "x" + padW);
        }
    }

    /** Square kernel, equal strides and paddings. */
    public static Conv2dGeometry of(int kernel, int stride, int padding) {
        return new Conv2dGeometry(kernel, kernel, stride, stride, padding, padding);
    }

    /** Output height for input height {@code h}: {@code (h + 2 pad - k) / stride + 1}. */
    public int outH(int h) {
        return (h + 2 * padH - kernelH) / strideH + 1;
    }

    public int outW(int w) {
        return (w + 2 * padW - kernelW) / strideW + 1;
    }
}
