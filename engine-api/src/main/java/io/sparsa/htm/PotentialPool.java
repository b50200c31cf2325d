package io.sparsa.htm;

import java.util.Arrays;

/**
 * Each column's potential pool (the inputs it may ever connect to, fixed for its life) with the
 * initial permanences, laid out for an ELL matrix: {@code width} entries per column, input
 * indices strictly ascending within a column. Pools smaller than {@code width} (near the edges
 * without wrap-around) are padded with inputs outside the pool whose {@link #real()} flag is 0 and
 * whose permanence is 0 and stays 0, so they never connect.
 */
public final class PotentialPool {
    private final int numInputs;
    private final int numColumns;
    private final int width;
    private final int[] inputs;
    private final float[] permanences;
    private final float[] real;
    private final int[] sizes;

    private PotentialPool(int numInputs, int numColumns, int width, int[] inputs, float[] permanences, float[] real,
                          int[] sizes) {
        this.numInputs = numInputs;
        this.numColumns = numColumns;
        this.width = width;
        this.inputs = inputs;
        this.permanences = permanences;
        this.real = real;
        this.sizes = sizes;
    }

    /**
     * The random pools of a configuration, as Numenta draws them: column c sits over input point
     * {@link Topology#centre}; its neighbourhood is every input within {@code potentialRadius} per
     * dimension (wrapped or cut at the edges); {@code round(size * potentialPct)} of those are
     * drawn without replacement (selection sampling). Each pool synapse, in ascending input order, starts connected
     * with probability {@code initConnectedPct}, its permanence uniform in
     * {@code [synPermConnected, 1)}, else uniform in {@code [0, synPermConnected)}. Draws come
     * from a Philox stream keyed by the seed, so the pools depend on the seed alone.
     */
    public static PotentialPool random(SpatialPoolerConfig config) {
        int[] inputDims = config.inputDimensions();
        int[] columnDims = config.columnDimensions();
        int numInputs = config.numInputs();
        int numColumns = config.numColumns();
        int radius = Math.min(config.potentialRadius(), numInputs);
        float connected = config.synPermConnected();
        CounterRandom random = new CounterRandom(config.seed());
        int[][] pools = new int[numColumns][];
        float[][] perms = new float[numColumns][];
        for (int c = 0; c < numColumns; c++) {
            int[] hood = Topology.neighbourhood(Topology.centre(c, columnDims, inputDims), radius, inputDims,
                    config.wrapAround());
            int size = Math.round(hood.length * config.potentialPct());
            // selection sampling (Knuth's algorithm S): each input of the ascending neighbourhood is
            // taken with probability (still needed) / (still left), a uniform sample without
            // replacement that comes out ascending
            int[] pool = new int[size];
            int taken = 0;
            for (int i = 0; i < hood.length && taken < size; i++) {
                if ((hood.length - i) * random.nextDouble() < size - taken) {
                    pool[taken++] = hood[i];
                }
            }
            float[] p = new float[size];
            for (int i = 0; i < size; i++) {
                if (random.nextDouble() <= config.initConnectedPct()) {
                    p[i] = (float) Math.min(1.0, connected + (1.0 - connected) * random.nextDouble());
                } else {
                    // float rounding must not lift a not-connected start onto the threshold
                    p[i] = Math.min((float) (connected * random.nextDouble()), Math.nextDown(connected));
                }
            }
            pools[c] = pool;
            perms[c] = p;
        }
        return of(numInputs, pools, perms);
    }

    /**
     * Explicit pools: {@code pools[c]} lists column c's inputs (strictly ascending, in
     * {@code [0, numInputs)}) and {@code permanences[c]} their permanences in [0, 1].
     */
    public static PotentialPool of(int numInputs, int[][] pools, float[][] permanences) {
        if (numInputs < 1) {
            throw new IllegalArgumentException("numInputs must be >= 1, got " + numInputs);
        }
        if (pools.length == 0 || pools.length != permanences.length) {
            throw new IllegalArgumentException("need one pool and one permanence list per column (at least one column), got "
                    + pools.length + " pools and " + permanences.length + " permanence lists");
        }
        int numColumns = pools.length;
        int width = 0;
        int[] sizes = new int[numColumns];
        for (int c = 0; c < numColumns; c++) {
            int[] pool = pools[c];
            if (permanences[c].length != pool.length) {
                throw new IllegalArgumentException("column " + c + " has " + pool.length + " pool inputs but "
                        + permanences[c].length + " permanences");
            }
            for (int i = 0; i < pool.length; i++) {
                if (pool[i] < 0 || pool[i] >= numInputs || (i > 0 && pool[i] <= pool[i - 1])) {
                    throw new IllegalArgumentException("column " + c + ": pool inputs must be strictly ascending in [0, "
                            + numInputs + "), got " + Arrays.toString(pool));
                }
                float p = permanences[c][i];
                if (!(p >= 0f && p <= 1f)) {
                    throw new IllegalArgumentException("column " + c + ": permanence of input " + pool[i]
                            + " must lie in [0, 1], got " + p);
                }
            }
            sizes[c] = pool.length;
            width = Math.max(width, pool.length);
        }
        if (width == 0) {
            throw new IllegalArgumentException("every potential pool is empty; raise potentialPct or potentialRadius");
        }
        int[] inputs = new int[numColumns * width];
        float[] perms = new float[numColumns * width];
        float[] real = new float[numColumns * width];
        boolean[] taken = new boolean[numInputs];
        for (int c = 0; c < numColumns; c++) {
            int[] pool = pools[c];
            for (int input : pool) {
                taken[input] = true;
            }
            // merge the pool with the lowest inputs outside it, so the row stays ascending
            int next = 0;
            int filler = 0;
            int fillers = width - pool.length;
            for (int e = 0; e < width; e++) {
                while (fillers > 0 && taken[filler]) {
                    filler++;
                }
                int base = c * width + e;
                if (next < pool.length && (fillers == 0 || pool[next] < filler)) {
                    inputs[base] = pool[next];
                    perms[base] = permanences[c][next];
                    real[base] = 1f;
                    next++;
                } else {
                    inputs[base] = filler++;
                    fillers--;
                }
            }
            for (int input : pool) {
                taken[input] = false;
            }
        }
        return new PotentialPool(numInputs, numColumns, width, inputs, perms, real, sizes);
    }

    public int numInputs() {
        return numInputs;
    }

    public int numColumns() {
        return numColumns;
    }

    /** Entries per column: the largest pool. */
    public int width() {
        return width;
    }

    /** Input of every entry, {@code [numColumns, width]} row-major (a copy). */
    public int[] inputs() {
        return inputs.clone();
    }

    /** Initial permanence of every entry (0 at padding), {@code [numColumns, width]} (a copy). */
    public float[] permanences() {
        return permanences.clone();
    }

    /** 1 at entries of the pool, 0 at padding, {@code [numColumns, width]} (a copy). */
    public float[] real() {
        return real.clone();
    }

    /** Whether some pool is smaller than {@link #width()} (then padding entries exist). */
    public boolean padded() {
        for (int s : sizes) {
            if (s < width) {
                return true;
            }
        }
        return false;
    }

    /** Size of column c's pool. */
    public int size(int column) {
        return sizes[column];
    }

    /** The smallest pool. */
    public int minSize() {
        return Arrays.stream(sizes).min().orElse(0);
    }

    /** Column c's pool inputs, ascending (a copy). */
    public int[] pool(int column) {
        int[] out = new int[sizes[column]];
        int n = 0;
        for (int e = column * width; e < (column + 1) * width; e++) {
            if (real[e] != 0f) {
                out[n++] = inputs[e];
            }
        }
        return out;
    }
}
