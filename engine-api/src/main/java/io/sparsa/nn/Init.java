package io.sparsa.nn;

import java.util.Arrays;
import java.util.Random;

/** PyTorch's default initialisation and the random masks of sparse layers. */
final class Init {
    private Init() {
    }

    /**
     * The bound of PyTorch's default weight initialisation, {@code kaiming_uniform_(a = sqrt(5))}:
     * gain {@code sqrt(2 / (1 + a^2)) = sqrt(1/3)}, bound {@code sqrt(3) * gain / sqrt(fanIn) =
     * 1 / sqrt(fanIn)}; the default bias initialisation uses the same bound.
     */
    static double defaultBound(int fanIn) {
        return 1.0 / Math.sqrt(fanIn);
    }

    /** {@code n} values uniform in {@code [-bound, bound)}. */
    static float[] uniform(Random random, int n, double bound) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return out;
    }

    /**
     * Python's {@code round}: to the nearest integer, halves to even, so counts computed here equal
     * those of nupic.torch ({@code int(round(x))}).
     */
    static int round(double x) {
        return (int) Math.rint(x);
    }

    /**
     * Kept inputs per output of a sparse layer with {@code fanIn} inputs: {@code round((1 - sparsity)
     * * fanIn)}, at least 1.
     */
    static int keptPerRow(String layer, double sparsity, int fanIn) {
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new IllegalArgumentException(layer + ": sparsity (fraction of zero weights) must be in [0, 1), got "
                    + sparsity);
        }
        int nnz = round((1 - sparsity) * fanIn);
        if (nnz < 1) {
            throw new IllegalArgumentException(layer + ": sparsity " + sparsity + " keeps round((1 - sparsity) * "
                    + fanIn + ") = " + nnz + " weights per output; at least 1 is needed");
        }
        return nnz;
    }

    /**
     * For each of {@code rows} outputs, {@code nnz} distinct columns of {@code [0, cols)} chosen
     * uniformly (a partial Fisher-Yates shuffle), in ascending order; row-major {@code [rows, nnz]}.
     */
    static int[] keptColumns(Random random, int rows, int cols, int nnz) {
        int[] out = new int[rows * nnz];
        int[] pool = new int[cols];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < cols; i++) {
                pool[i] = i;
            }
            for (int i = 0; i < nnz; i++) {
                int j = i + random.nextInt(cols - i);
                int t = pool[i];
                pool[i] = pool[j];
                pool[j] = t;
            }
            Arrays.sort(pool, 0, nnz);
            System.arraycopy(pool, 0, out, r * nnz, nnz);
        }
        return out;
    }
}
