package io.sparsa.cpu.sparse;

import io.sparsa.cpu.vector.CpuKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link WideRowProduct} on the JDK Vector API: runs of eight vectors, each entry one broadcast
 * and eight FMAs into eight independent accumulators (enough chains to hide the FMA latency);
 * what is left of the slab past the last whole run goes to
 * {@link CpuKernels#sparseRowTimesDense}. Only {@link WideRowProduct#matching} names this
 * class, reflectively, and only after the vector kernels have loaded.
 */
final class PanamaWideRowProduct implements WideRowProduct {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final int RUN = 8 * L;

    private final CpuKernels kernels;

    PanamaWideRowProduct(CpuKernels kernels) {
        this.kernels = kernels;
    }

    @Override
    public int run() {
        return RUN;
    }

    @Override
    public void rowTimesSlab(float[] values, int[] index, int from, int to, float[] x, int xOff, int ldx, int width,
                             float init, float[] y, int yOff) {
        int p = 0;
        for (; p + RUN <= width; p += RUN) {
            FloatVector s0 = FloatVector.broadcast(F, init);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            FloatVector s4 = s0;
            FloatVector s5 = s0;
            FloatVector s6 = s0;
            FloatVector s7 = s0;
            for (int e = from; e < to; e++) {
                FloatVector v = FloatVector.broadcast(F, values[e]);
                int base = xOff + index[e] * ldx + p;
                s0 = FloatVector.fromArray(F, x, base).fma(v, s0);
                s1 = FloatVector.fromArray(F, x, base + L).fma(v, s1);
                s2 = FloatVector.fromArray(F, x, base + 2 * L).fma(v, s2);
                s3 = FloatVector.fromArray(F, x, base + 3 * L).fma(v, s3);
                s4 = FloatVector.fromArray(F, x, base + 4 * L).fma(v, s4);
                s5 = FloatVector.fromArray(F, x, base + 5 * L).fma(v, s5);
                s6 = FloatVector.fromArray(F, x, base + 6 * L).fma(v, s6);
                s7 = FloatVector.fromArray(F, x, base + 7 * L).fma(v, s7);
            }
            int out = yOff + p;
            s0.intoArray(y, out);
            s1.intoArray(y, out + L);
            s2.intoArray(y, out + 2 * L);
            s3.intoArray(y, out + 3 * L);
            s4.intoArray(y, out + 4 * L);
            s5.intoArray(y, out + 5 * L);
            s6.intoArray(y, out + 6 * L);
            s7.intoArray(y, out + 7 * L);
        }
        if (p < width) {
            kernels.sparseRowTimesDense(values, index, from, to, x, xOff + p, ldx, width - p, init, y, yOff + p);
        }
    }
}
