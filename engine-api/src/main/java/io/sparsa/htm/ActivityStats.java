package io.sparsa.htm;

/**
 * How many columns were active per input over a run of inputs, and which columns ever won: the
 * numbers that show whether a spatial pooler keeps its sparsity (no collapse) and uses its columns.
 */
public final class ActivityStats {
    private final int numColumns;
    private final boolean[] everWon;
    private long inputs;
    private long activeSum;
    private int minActive = Integer.MAX_VALUE;
    private int maxActive;
    private int columnsEverWon;

    public ActivityStats(int numColumns) {
        if (numColumns < 1) {
            throw new IllegalArgumentException("numColumns must be >= 1, got " + numColumns);
        }
        this.numColumns = numColumns;
        this.everWon = new boolean[numColumns];
    }

    /** Statistics over every row of {@code codes}. */
    public static ActivityStats of(BinaryCodes codes) {
        ActivityStats s = new ActivityStats(codes.width());
        s.add(codes);
        return s;
    }

    /** Counts every row of {@code codes} (codes of {@link #numColumns()} bits). */
    public void add(BinaryCodes codes) {
        if (codes.width() != numColumns) {
            throw new IllegalArgumentException("codes have " + codes.width() + " bits, expected " + numColumns + " columns");
        }
        for (int r = 0; r < codes.rows(); r++) {
            int n = codes.count(r);
            inputs++;
            activeSum += n;
            minActive = Math.min(minActive, n);
            maxActive = Math.max(maxActive, n);
            for (int j = 0; j < n; j++) {
                int c = codes.bit(r, j);
                if (!everWon[c]) {
                    everWon[c] = true;
                    columnsEverWon++;
                }
            }
        }
    }

    public int numColumns() {
        return numColumns;
    }

    /** Number of inputs counted. */
    public long inputs() {
        return inputs;
    }

    /** Mean number of active columns per input (0 when nothing was counted). */
    public double meanActive() {
        return inputs == 0 ? 0 : (double) activeSum / inputs;
    }

    /** Fewest active columns of any input (0 when nothing was counted). */
    public int minActive() {
        return inputs == 0 ? 0 : minActive;
    }

    /** Most active columns of any input. */
    public int maxActive() {
        return maxActive;
    }

    /** Number of columns that won for at least one input. */
    public int columnsEverWon() {
        return columnsEverWon;
    }

    /** {@link #columnsEverWon()} as a fraction of all columns. */
    public double fractionEverWon() {
        return (double) columnsEverWon / numColumns;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "%d inputs: active columns per input mean %.2f, min %d, max %d; %d of %d columns (%.1f%%) ever won",
                inputs, meanActive(), minActive(), maxActive, columnsEverWon, numColumns, 100 * fractionEverWon());
    }
}
