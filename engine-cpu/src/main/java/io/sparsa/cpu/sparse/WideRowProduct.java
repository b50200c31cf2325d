package io.sparsa.cpu.sparse;

import io.sparsa.cpu.vector.CpuKernels;

import java.lang.reflect.InvocationTargetException;

/**
 * One sparse row times a transposed batch slab, for slabs wider than the four vectors that
 * {@link CpuKernels#sparseRowTimesDense} keeps in registers: eight vectors of the output row
 * stay in registers while the row's entries stream past, so each entry's index and value are
 * read once per eight vector FMAs instead of once per four. At 90% weight sparsity the kernel
 * is bound by those per-entry loads and the loads of the slab rows, not by the FMAs.
 *
 * <p>Two implementations compute the same thing (up to summation order):
 * {@link ScalarWideRowProduct} and one on the Vector API, loaded by name (see {@link #matching})
 * so that a JVM without {@code jdk.incubator.vector} never loads it.
 */
interface WideRowProduct {
    /**
     * Samples per register-resident run: the slab width at which this kernel beats
     * {@link CpuKernels#sparseRowTimesDense} (1 for the scalar implementation).
     */
    int run();

    /**
     * {@code y[yOff + q] = init + sum_{from <= e < to} values[e] * x[xOff + index[e] * ldx + q]}
     * for {@code q < width}; {@code y} is only written.
     */
    void rowTimesSlab(float[] values, int[] index, int from, int to, float[] x, int xOff, int ldx, int width,
                      float init, float[] y, int yOff);

    /** The Vector API implementation when {@code kernels} is vectorised (it then loads), else the scalar one. */
    static WideRowProduct matching(CpuKernels kernels) {
        if (!kernels.vectorized()) {
            return new ScalarWideRowProduct();
        }
        try {
            return (WideRowProduct) Class.forName("io.sparsa.cpu.sparse.PanamaWideRowProduct")
                    .getDeclaredConstructor(CpuKernels.class).newInstance(kernels);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the vector ELL row kernel could not start: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("the vector ELL row kernel could not be loaded although the vector "
                    + "kernels were: " + e, e);
        }
    }
}
