package io.sparsa.conformance;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Reproducible random inputs for comparing backends. The base seed comes from
 * {@code -Dsparsa.test.seed=N} or is fresh for every run (and printed), so a failure can be replayed;
 * {@link #derive(String)} gives each test its own stream, independent of test order.
 *
 * <p>Float arrays are never all zero, and the generators for k-winners produce rows without
 * near-ties so that indices can be compared exactly.
 */
public final class TestData {
    /** System property that fixes the seed. */
    public static final String SEED_PROPERTY = "sparsa.test.seed";

    private final long seed;
    private final SplittableRandom random;

    public TestData(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /**
     * The seed from {@value #SEED_PROPERTY}, or a fresh one. Either way it is printed with
     * {@code label} so the run can be repeated.
     */
    public static long seedFromProperties(String label) {
        String fixed = System.getProperty(SEED_PROPERTY);
        long seed;
        if (fixed != null && !fixed.isBlank()) {
            try {
                seed = Long.parseLong(fixed.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("system property " + SEED_PROPERTY + " must be a long, got '"
                        + fixed + "'", e);
            }
        } else {
            seed = new SplittableRandom().nextLong();
        }
        System.out.println(label + ": seed " + seed + " (reproduce with -D" + SEED_PROPERTY + "=" + seed + ")");
        return seed;
    }

    public long seed() {
        return seed;
    }

    /** An independent stream for {@code name} (e.g. a test method), fixed by this seed. */
    public TestData derive(String name) {
        long h = seed;
        for (int i = 0; i < name.length(); i++) {
            h = h * 0x9E3779B97F4A7C15L + name.charAt(i);
        }
        return new TestData(h ^ (h >>> 29));
    }

    /** Uniform in {@code [0, bound)}. */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** Uniform in {@code [lo, hi)}. */
    public float nextFloat(float lo, float hi) {
        return (float) (lo + (hi - lo) * random.nextDouble());
    }

    public long nextLong() {
        return random.nextLong();
    }

    /** {@code n} values uniform in {@code [lo, hi)}, never all zero. */
    public float[] uniform(int n, float lo, float hi) {
        float[] out = new float[n];
        boolean allZero = true;
        for (int i = 0; i < n; i++) {
            out[i] = nextFloat(lo, hi);
            allZero &= out[i] == 0f;
        }
        if (allZero && n > 0) {
            out[0] = hi > 0 ? hi / 2 : lo / 2;
        }
        return out;
    }

    /** {@code n} values uniform in {@code [-1, 1)}. */
    public float[] signed(int n) {
        return uniform(n, -1f, 1f);
    }

    /** {@code n} values uniform in {@code [lo, hi)} with {@code 0 < lo}. */
    public float[] positive(int n, float lo, float hi) {
        return uniform(n, lo, hi);
    }

    /** {@code n} small integers in {@code [lo, hi]} stored as floats: many exact ties. */
    public float[] smallIntegers(int n, int lo, int hi) {
        float[] out = new float[n];
        boolean allZero = true;
        for (int i = 0; i < n; i++) {
            out[i] = lo + random.nextInt(hi - lo + 1);
            allZero &= out[i] == 0f;
        }
        if (allZero && n > 0) {
            out[0] = hi != 0 ? hi : lo;
        }
        return out;
    }

    /** {@code n} integers uniform in {@code [lo, hi)}. */
    public int[] ints(int n, int lo, int hi) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = lo + random.nextInt(hi - lo);
        }
        return out;
    }

    /** {@code batch} class labels in {@code [0, classes)}. */
    public int[] labels(int batch, int classes) {
        return ints(batch, 0, classes);
    }

    /**
     * {@code rows x n} values, each row a shuffled set of values about {@code 2 / n} apart in
     * {@code (-1, 1)}: no two within {@code 1 / n} of each other, so rankings are unambiguous even
     * after rounding or a boost of moderate size.
     */
    public float[] distinctRows(int rows, int n) {
        float[] out = new float[rows * n];
        float spacing = 2f / Math.max(1, n);
        for (int r = 0; r < rows; r++) {
            int[] perm = permutation(n);
            for (int i = 0; i < n; i++) {
                float jitter = nextFloat(-0.25f, 0.25f);
                out[r * n + i] = (perm[i] - (n - 1) / 2f + jitter) * spacing;
            }
        }
        return out;
    }

    /** A random permutation of {@code 0 .. n-1}. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** {@code k} distinct values of {@code [0, n)}, ascending. */
    public int[] distinctSorted(int k, int n) {
        int[] chosen = Arrays.copyOf(permutation(n), k);
        Arrays.sort(chosen);
        return chosen;
    }

    /** {@code rows} rows of {@code k} distinct indices in {@code [0, n)}, each row ascending. */
    public int[] distinctSortedRows(int rows, int k, int n) {
        int[] out = new int[rows * k];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(distinctSorted(k, n), 0, out, r * k, k);
        }
        return out;
    }

    /** {@code rows} rows of {@code k} distinct indices in {@code [0, n)}, each row in random order. */
    public int[] distinctShuffledRows(int rows, int k, int n) {
        int[] out = new int[rows * k];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(permutation(n), 0, out, r * k, k);
        }
        return out;
    }

    /** A random fixed-fan-in sparse matrix of {@code rows x cols} with {@code nnz} kept entries per row. */
    public EllData ell(int rows, int cols, int nnz) {
        return new EllData(distinctSortedRows(rows, nnz, cols), signed(rows * nnz), rows, cols, nnz);
    }

    /**
     * Host-side ELL matrix.
     *
     * @param columns {@code [rows, nnz]}, ascending and distinct per row
     * @param values  {@code [rows, nnz]}
     */
    public record EllData(int[] columns, float[] values, int rows, int cols, int nnz) {
        /** The dense {@code [rows, cols]} matrix it stands for. */
        public float[] dense() {
            float[] d = new float[rows * cols];
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < nnz; j++) {
                    d[r * cols + columns[r * nnz + j]] = values[r * nnz + j];
                }
            }
            return d;
        }

        /** The transpose ({@code cols x rows}) in CSR form, columns ascending within each row. */
        public CsrData transposeToCsr() {
            int[] offsets = new int[cols + 1];
            for (int c : columns) {
                offsets[c + 1]++;
            }
            for (int i = 0; i < cols; i++) {
                offsets[i + 1] += offsets[i];
            }
            int[] next = Arrays.copyOf(offsets, cols);
            int[] tColumns = new int[rows * nnz];
            float[] tValues = new float[rows * nnz];
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < nnz; j++) {
                    int e = next[columns[r * nnz + j]]++;
                    tColumns[e] = r;
                    tValues[e] = values[r * nnz + j];
                }
            }
            return new CsrData(offsets, tColumns, tValues, cols, rows);
        }
    }

    /** Host-side CSR matrix of {@code rows x cols}. */
    public record CsrData(int[] rowOffsets, int[] columns, float[] values, int rows, int cols) {
    }
}
