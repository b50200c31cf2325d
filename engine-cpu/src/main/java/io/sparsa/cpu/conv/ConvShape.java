package io.sparsa.cpu.conv;

import io.sparsa.backend.ops.Conv2dGeometry;

/**
 * The sizes of one convolution: input {@code [batch, inChannels, h, w]}, output
 * {@code [batch, outChannels, outH, outW]}, and the im2col matrix of one image,
 * {@code [taps, positions]} with {@code taps = inChannels * kh * kw}.
 */
public record ConvShape(int batch, int inChannels, int h, int w, int outChannels, Conv2dGeometry g) {
    public int outH() {
        return g.outH(h);
    }

    public int outW() {
        return g.outW(w);
    }

    /** Output positions per image and channel. */
    public int positions() {
        return outH() * outW();
    }

    /** Rows of the im2col matrix: one per (input channel, kernel row, kernel column). */
    public int taps() {
        return inChannels * g.kernelH() * g.kernelW();
    }

    /** Elements of one input image. */
    public int inImage() {
        return inChannels * h * w;
    }

    /** Elements of one output image. */
    public int outImage() {
        return outChannels * positions();
    }
}
