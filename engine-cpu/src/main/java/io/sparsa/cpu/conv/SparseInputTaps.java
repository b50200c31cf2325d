package io.sparsa.cpu.conv;

/**
 * Where each input pixel lands in a convolution, tabulated once per call so that the scatter of a
 * nonzero input needs no division or bounds test: input row {@code ih} is read by the pairs
 * (kernel row {@code i}, output row {@code oh}) with {@code oh * sh - ph + i = ih} and
 * {@code 0 <= oh < outH}, listed in {@code rowFrom[ih] .. rowFrom[ih + 1]}; columns likewise.
 *
 * <p>Each pair is stored as the two offsets it contributes, in floats, to the transposed weights
 * {@code [Cin][kh][kw][paddedOut]} ({@code rowWeight}, {@code colWeight}) and to the output
 * scratch {@code [outH][outW][paddedOut]} ({@code rowOutput}, {@code colOutput}); the sum of the
 * row's and the column's offsets addresses one run of {@code paddedOut} floats.
 *
 * <p>The transposed weights hold the kernel columns in reverse ({@code kj} at {@code kw - 1 - kj}).
 * With column stride 1, the column pairs of an input column then form one run on both sides: as
 * {@code kj} falls, the output column {@code ow = iw + pw - kj} rises by one and the reversed
 * weight column too, so a nonzero adds one contiguous run of {@code (pairs) * paddedOut} floats per
 * kernel row, starting at the offsets of its last column pair ({@link #contiguousColumns}).
 *
 * <p>{@code rowOfPixel[r]} and {@code colOfPixel[r]} are the row and column of pixel {@code r} of a
 * plane, so that a scan over the flat plane needs no division.
 *
 * @param paddedOut output channels rounded up to whole vectors (the row length of both arrays)
 * @param channelStride floats of the transposed weights per input channel: {@code kh * kw * paddedOut}
 * @param contiguousColumns whether the column stride is 1, so column pairs form single runs
 */
record SparseInputTaps(int inChannels, int h, int w, int paddedOut, int channelStride, boolean contiguousColumns,
                       int[] rowFrom, int[] rowWeight, int[] rowOutput, int[] colFrom, int[] colWeight,
                       int[] colOutput, int[] rowOfPixel, int[] colOfPixel) {

    static SparseInputTaps of(ConvShape s, int paddedOut) {
        var g = s.g();
        int[][] rows = pairs(s.h(), g.kernelH(), g.strideH(), g.padH(), s.outH(), g.kernelW() * paddedOut, false,
                s.outW() * paddedOut);
        int[][] cols = pairs(s.w(), g.kernelW(), g.strideW(), g.padW(), s.outW(), paddedOut, true,
                paddedOut);
        int plane = s.h() * s.w();
        int[] rowOfPixel = new int[plane];
        int[] colOfPixel = new int[plane];
        for (int r = 0; r < plane; r++) {
            rowOfPixel[r] = r / s.w();
            colOfPixel[r] = r % s.w();
        }
        return new SparseInputTaps(s.inChannels(), s.h(), s.w(), paddedOut, g.kernelH() * g.kernelW() * paddedOut,
                g.strideW() == 1, rows[0], rows[1], rows[2], cols[0], cols[1], cols[2], rowOfPixel, colOfPixel);
    }

    /**
     * For input coordinate {@code in < size}: the kernel offsets {@code k} (ascending) and outputs
     * {@code out = (in + pad - k) / stride} that read it; returns {from, weightOffsets, outputOffsets}
     * with weight offset {@code k * weightScale}, or {@code (kernel - 1 - k) * weightScale} when
     * {@code reversed}.
     */
    private static int[][] pairs(int size, int kernel, int stride, int pad, int outSize, int weightScale,
                                 boolean reversed, int outputScale) {
        int[] from = new int[size + 1];
        int[] weight = new int[size * kernel];
        int[] output = new int[size * kernel];
        int n = 0;
        for (int in = 0; in < size; in++) {
            from[in] = n;
            for (int k = 0; k < kernel; k++) {
                int numerator = in + pad - k;
                if (numerator >= 0 && numerator % stride == 0 && numerator / stride < outSize) {
                    weight[n] = (reversed ? kernel - 1 - k : k) * weightScale;
                    output[n] = numerator / stride * outputScale;
                    n++;
                }
            }
        }
        from[size] = n;
        return new int[][]{from, weight, output};
    }
}
