package io.sparsa.cpu;

import java.util.Random;

/**
 * Random test data from a fresh seed each run, printed so that a failure can be replayed with
 * {@code -Dsparsa.test.seed=...}.
 */
public final class TestRandom {
    private TestRandom() {
    }

    /** A generator seeded from {@code sparsa.test.seed} or the clock; prints the seed with the caller's name. */
    public static Random create(String who) {
        String fixed = System.getProperty("sparsa.test.seed");
        long seed = fixed == null || fixed.isBlank() ? System.nanoTime() : Long.parseLong(fixed.trim());
        System.out.println(who + ": random seed " + seed + " (replay with -Dsparsa.test.seed=" + seed + ")");
        return new Random(seed);
    }

    /** Uniform in [-1, 1), never all zero for n > 0. */
    public static float[] floats(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextFloat() * 2 - 1;
        }
        if (n > 0) {
            a[r.nextInt(n)] = 0.5f + r.nextFloat();
        }
        return a;
    }

    /** {@code nnz} distinct ascending columns out of {@code cols} per row, for {@code rows} rows. */
    public static int[] ellColumns(Random r, int rows, int nnz, int cols) {
        int[] out = new int[rows * nnz];
        int[] perm = new int[cols];
        for (int o = 0; o < rows; o++) {
            for (int i = 0; i < cols; i++) {
                perm[i] = i;
            }
            for (int j = 0; j < nnz; j++) {
                int pick = j + r.nextInt(cols - j);
                int t = perm[j];
                perm[j] = perm[pick];
                perm[pick] = t;
            }
            int[] row = java.util.Arrays.copyOf(perm, nnz);
            java.util.Arrays.sort(row);
            System.arraycopy(row, 0, out, o * nnz, nnz);
        }
        return out;
    }
}
