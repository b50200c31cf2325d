package io.sparsa.cpu.conv;

/**
 * The inner loop of the sparse-input convolution for one image: every nonzero input pixel adds
 * its value times a run of transposed weights to each output position that reads it. A scalar
 * implementation ({@link ScalarSparseInputKernel}) and one on the Vector API
 * ({@code PanamaSparseInputKernel}, loaded by name) visit the nonzeros in the same order
 * (channel, row, column) and differ only in how the run of output channels is added.
 */
interface SparseInputKernel {
    /** Output channels are padded to a multiple of this (1 for scalar code). */
    int lanes();

    /**
     * Adds, for every nonzero {@code v = x[xOff + (c * h + ih) * w + iw]} and every (row, column)
     * pair of {@code taps} for {@code ih} and {@code iw},
     * {@code v * wt[c * channelStride + rowWeight + colWeight + o]} to
     * {@code acc[rowOutput + colOutput + o]} for {@code o < paddedOut}.
     */
    void scatter(float[] x, int xOff, SparseInputTaps taps, float[] wt, float[] acc);
}
