package io.sparsa.cpu.conv;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SparseInputKernel} on the JDK Vector API: the input plane is tested for zeros a vector at
 * a time (runs of zeros cost one test per vector), and each nonzero adds {@code v * weights} to
 * its output runs a vector of output channels at a time with fused multiply-adds.
 *
 * <p>A gather form (each output position summing its window's nonzeros with the accumulators in
 * registers) was tried and dropped: on sparse-cnn-2's second convolution it ran about 10x slower
 * than this scatter on JDK 17 (vector accumulators carried through the nested loops were not kept
 * in registers) and no faster on JDK 25.
 *
 * <p>Only {@link SparseInputConv2d} names this class, reflectively and only when the CPU kernels
 * are the vector ones, so the engine still loads on a JVM started without
 * {@code --add-modules jdk.incubator.vector}.
 */
final class PanamaSparseInputKernel implements SparseInputKernel {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    @Override
    public int lanes() {
        return L;
    }

    @Override
    public void scatter(float[] x, int xOff, SparseInputTaps t, float[] wt, float[] acc) {
        int plane = t.h() * t.w();
        int whole = plane - plane % L;
        for (int c = 0; c < t.inChannels(); c++) {
            int base = xOff + c * plane;
            int wChannel = c * t.channelStride();
            int r = 0;
            for (; r < whole; r += L) {
                // Skips a vector of zeros with one test (the mask is never materialised: turning it
                // into bits is not an intrinsic on every JDK), then looks at its lanes one by one.
                if (!FloatVector.fromArray(F, x, base + r).compare(VectorOperators.NE, 0f).anyTrue()) {
                    continue;
                }
                for (int p = r; p < r + L; p++) {
                    float v = x[base + p];
                    if (v != 0f) {
                        add(v, t, t.rowOfPixel()[p], t.colOfPixel()[p], wt, wChannel, acc);
                    }
                }
            }
            // Tail of the plane, shorter than a vector.
            for (; r < plane; r++) {
                float v = x[base + r];
                if (v != 0f) {
                    add(v, t, t.rowOfPixel()[r], t.colOfPixel()[r], wt, wChannel, acc);
                }
            }
        }
    }

    private static void add(float v, SparseInputTaps t, int ih, int iw, float[] wt, int wChannel, float[] acc) {
        int cp = t.paddedOut();
        FloatVector vv = FloatVector.broadcast(F, v);
        int[] rowWeight = t.rowWeight();
        int[] rowOutput = t.rowOutput();
        int[] colWeight = t.colWeight();
        int[] colOutput = t.colOutput();
        int colFrom = t.colFrom()[iw];
        int colTo = t.colFrom()[iw + 1];
        if (colTo == colFrom) {
            return;
        }
        for (int a = t.rowFrom()[ih]; a < t.rowFrom()[ih + 1]; a++) {
            int wRow = wChannel + rowWeight[a];
            int sRow = rowOutput[a];
            if (t.contiguousColumns()) {
                // One run over all column pairs (see SparseInputTaps): a long loop of whole vectors.
                int wo = wRow + colWeight[colTo - 1];
                int so = sRow + colOutput[colTo - 1];
                int run = (colTo - colFrom) * cp;
                for (int o = 0; o < run; o += L) {
                    FloatVector.fromArray(F, wt, wo + o).fma(vv, FloatVector.fromArray(F, acc, so + o))
                            .intoArray(acc, so + o);
                }
                continue;
            }
            for (int b = colFrom; b < colTo; b++) {
                int wo = wRow + colWeight[b];
                int so = sRow + colOutput[b];
                // cp is a whole number of vectors (the driver pads the output channels).
                for (int o = 0; o < cp; o += L) {
                    FloatVector.fromArray(F, wt, wo + o).fma(vv, FloatVector.fromArray(F, acc, so + o))
                            .intoArray(acc, so + o);
                }
            }
        }
    }
}
