package io.sparsa.htm;

import java.util.Arrays;

/**
 * Local inhibition, the host-side half of a {@link SpatialPooler} built with
 * {@code globalInhibition = false}. The engine has no primitive for "k winners within every
 * column's own neighbourhood", so the selection is a loop over the overlaps read back from the
 * backend (the overlaps themselves, learning and duty cycles stay on the backend).
 *
 * <p><b>Winners</b>, per input, as in Numenta's spatial pooler: a column is <i>eligible</i> when
 * its overlap exceeds {@code stimulusThreshold} (the raw overlap, as on the global path; Numenta
 * requires boosted overlap {@code >=} the threshold); its
 * score is its boosted overlap {@code overlap * boostFactor} (float32). Neighbour n <i>beats</i>
 * column c when n is eligible and {@code score[n] > score[c]}, or the scores are equal and
 * {@code n < c} (ties to the lower index, the global path's rule; Numenta instead lets an equal
 * neighbour win the tie only when it was already chosen in its index-order scan). An eligible
 * column is active when fewer than {@code numDesired(c)} of its neighbours beat it, with
 * {@code numDesired(c) = (int) (0.5f + density * size(c))} and {@code size(c)} its neighbourhood
 * (itself included). The density is {@code localAreaDensity}, or with
 * {@code numActiveColumnsPerInhArea} the count divided by the inhibition area
 * {@code prod(min(dim, 2 * radius + 1))}, capped at {@value SpatialPoolerConfig#MAX_TARGET_DENSITY}.
 * When the radius exceeds every column dimension Numenta inhibits globally, and so does this
 * class: then every neighbourhood is the whole grid and {@code numDesired} is the global
 * {@link SpatialPoolerConfig#numActiveColumns() k}.
 *
 * <p><b>Cost.</b> Per input the eligible columns are sorted once by score; a column ranked p-th
 * wins outright when {@code p < numDesired(c)}, and otherwise its beaters are counted, stopping at
 * {@code numDesired(c)}, either among the p columns ranked above it or over its window, whichever
 * is shorter. When every window covers the whole grid no counting is needed at all.
 *
 * <p><b>Boosting</b> aims each column at the mean active duty cycle of its neighbourhood (itself
 * included), and the weak-column threshold of each column is {@code minPctOverlapDutyCycle} times
 * the largest overlap duty cycle in its neighbourhood, both as in Numenta's local variants.
 */
final class LocalInhibition {
    private final SpatialPoolerConfig config;
    private final int numColumns;
    private final int maxColumnDim;
    private ColumnNeighbourhoods neighbourhoods;
    private boolean global;
    private int[] numDesired;
    // per-row scratch
    private final long[] keys;
    private final int[] ranks;

    LocalInhibition(SpatialPoolerConfig config, int radius) {
        this.config = config;
        this.numColumns = config.numColumns();
        int m = 0;
        for (int d : config.columnDimensions()) {
            m = Math.max(m, d);
        }
        this.maxColumnDim = m;
        this.keys = new long[numColumns];
        this.ranks = new int[numColumns];
        radius(radius);
    }

    /** The current inhibition radius. */
    int radius() {
        return neighbourhoods.radius();
    }

    /** Sets the inhibition radius (>= 0), rebuilding the neighbourhoods when it changed. */
    void radius(int radius) {
        if (neighbourhoods != null && neighbourhoods.radius() == radius) {
            return;
        }
        neighbourhoods = new ColumnNeighbourhoods(config.columnDimensions(), radius, config.wrapAround());
        global = radius > maxColumnDim;
        numDesired = new int[numColumns];
        float density = density(radius);
        for (int c = 0; c < numColumns; c++) {
            numDesired[c] = global ? config.numActiveColumns() : (int) (0.5f + density * neighbourhoods.size(c));
        }
    }

    /** The winners' share of a neighbourhood at this radius (see the class comment). */
    float density(int radius) {
        if (config.numActiveColumnsPerInhArea() <= 0) {
            return config.localAreaDensity();
        }
        long area = 1;
        for (int d : config.columnDimensions()) {
            area *= Math.min(d, 2L * radius + 1);
        }
        return Math.min((float) config.numActiveColumnsPerInhArea() / area, SpatialPoolerConfig.MAX_TARGET_DENSITY);
    }

    /** Number of winners allowed in the neighbourhood of column {@code c}. */
    int numDesired(int c) {
        return numDesired[c];
    }

    /** Whether the radius is large enough for Numenta's global fallback. */
    boolean global() {
        return global;
    }

    ColumnNeighbourhoods neighbourhoods() {
        return neighbourhoods;
    }

    /**
     * The winners of every input.
     *
     * @param overlaps {@code [batch, columns]} whole-number overlaps
     * @param boosts   {@code [columns]} boost factors, or null for none
     * @param active   out: {@code [batch, columns]}, 1 at the winners, 0 elsewhere
     * @param winners  out: {@code [batch, columns]}, each row its winners ascending, then -1
     * @return the winners as codes
     */
    BinaryCodes select(float[] overlaps, float[] boosts, int batch, float[] active, int[] winners) {
        float threshold = config.stimulusThreshold();
        int[] offsets = new int[batch + 1];
        int[] bits = new int[batch * numColumns];
        int total = 0;
        Arrays.fill(active, 0, batch * numColumns, 0f);
        Arrays.fill(winners, 0, batch * numColumns, -1);
        for (int b = 0; b < batch; b++) {
            int base = b * numColumns;
            int eligible = 0;
            for (int c = 0; c < numColumns; c++) {
                float overlap = overlaps[base + c];
                if (overlap > threshold) {
                    // adding 0 turns -0.0 into 0.0, so that equal scores get equal keys
                    float score = (boosts == null ? overlap : overlap * boosts[c]) + 0f;
                    keys[eligible++] = ((long) ~sortable(score) << 32) | c;
                }
            }
            // ascending keys: score descending, then column ascending
            Arrays.sort(keys, 0, eligible);
            Arrays.fill(ranks, Integer.MAX_VALUE);
            for (int p = 0; p < eligible; p++) {
                ranks[(int) keys[p]] = p;
            }
            int won = 0;
            for (int c = 0; c < numColumns; c++) {
                int p = ranks[c];
                if (p == Integer.MAX_VALUE || !wins(c, p)) {
                    continue;
                }
                active[base + c] = 1f;
                winners[base + won++] = c;
                bits[total++] = c;
            }
            offsets[b + 1] = total;
        }
        return new BinaryCodes(numColumns, offsets, Arrays.copyOf(bits, total));
    }

    /** Whether column c, ranked p-th among the eligible columns of this input, is beaten by fewer than numDesired neighbours. */
    private boolean wins(int c, int p) {
        int need = numDesired[c];
        // only the p columns ranked above c can beat it
        if (p < need) {
            return true;
        }
        if (global || neighbourhoods.coversAll()) {
            return false;
        }
        if (p < neighbourhoods.size(c)) {
            // fewer columns ranked above than neighbours: test those for being neighbours
            int count = 0;
            for (int j = 0; j < p; j++) {
                if (neighbourhoods.contains(c, (int) keys[j]) && ++count >= need) {
                    return false;
                }
            }
            return count < need;
        }
        return neighbourhoods.countRankedAbove(c, ranks, need) < need;
    }

    /**
     * Per-column boost targets: the mean of {@code activeDutyCycles} over each column's
     * neighbourhood, itself included.
     */
    float[] targetDensities(float[] activeDutyCycles) {
        double[] sums = new double[numColumns];
        for (int c = 0; c < numColumns; c++) {
            sums[c] = activeDutyCycles[c];
        }
        neighbourhoods.sum(sums);
        float[] out = new float[numColumns];
        for (int c = 0; c < numColumns; c++) {
            out[c] = (float) (sums[c] / neighbourhoods.size(c));
        }
        return out;
    }

    /** Per-column weak-column thresholds: {@code minPct} times the largest overlap duty cycle in the neighbourhood. */
    float[] minOverlapDutyCycles(float[] overlapDutyCycles, float minPct) {
        double[] max = new double[numColumns];
        for (int c = 0; c < numColumns; c++) {
            max[c] = overlapDutyCycles[c];
        }
        neighbourhoods.max(max);
        float[] out = new float[numColumns];
        for (int c = 0; c < numColumns; c++) {
            out[c] = minPct * (float) max[c];
        }
        return out;
    }

    /** An int that orders like the float (for non-NaN values). */
    private static int sortable(float f) {
        int bits = Float.floatToRawIntBits(f);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }
}
