package io.sparsa.cpu.winners;

import io.sparsa.cpu.vector.CpuKernels;

import java.util.Arrays;

/**
 * Finds the k-th largest of n int keys without sorting, and reports how many keys beat it and
 * how many equal it, which is what the tie rule (lower index first) needs.
 * <ul>
 *   <li>Short rows (k-winners over channels): quickselect on a copy.</li>
 *   <li>Longer rows: a strided sample brackets the threshold; one vectorised pass
 *   ({@link CpuKernels#partitionKeys}) counts the keys surely above the bracket and collects the
 *   few inside it, and the exact selection runs on those. When the sample misjudges (the k-th
 *   key falls outside the bracket), a radix select over the whole row decides.</li>
 *   <li>Radix select: three passes of 11, 11 and 10 bits over the unsigned image of the keys,
 *   each over the survivors of the last.</li>
 * </ul>
 * Not thread-safe: each thread uses its own instance, whose buffers grow to the longest row.
 */
final class KeySelection {
    /**
     * Rows up to this length use quickselect: three radix histograms (clearing and scanning 2,048
     * buckets each) would cost more than the row.
     */
    private static final int SMALL = 512;
    /** Rows from this length are pre-filtered through a sample. */
    private static final int SAMPLED = 1024;
    private static final int WIDE = 1 << 11;

    private final CpuKernels kernels;
    private int[] scratch = new int[0];
    private int[] candidates = new int[0];
    private int[] positions = new int[0];
    private int[] sample = new int[0];
    private final int[] histogram = new int[WIDE];

    /** The k-th largest key (1 <= k <= n) of the last selection. */
    int threshold;
    /** Keys strictly greater than the threshold (fewer than k). */
    int greater;
    /** Keys equal to the threshold (at least {@code k - greater}). */
    int equal;

    KeySelection(CpuKernels kernels) {
        this.kernels = kernels;
    }

    void select(int[] keys, int off, int n, int k) {
        if (scratch.length < n) {
            scratch = new int[Math.max(n, scratch.length * 2)];
        }
        if (n <= SMALL) {
            quickSelect(keys, off, n, k);
        } else if (n < SAMPLED || !sampledSelect(keys, off, n, k)) {
            radixSelect(keys, off, n, k);
        }
    }

    /**
     * The position of the last key equal to the threshold that still wins: with {@code k - greater}
     * ties allowed, the {@code (k - greater)}-th equal key in index order (or the end of the row
     * when all equal keys win).
     */
    int lastTie(int[] keys, int off, int n, int k) {
        int allowed = k - greater;
        if (allowed == equal) {
            return n - 1;
        }
        int seen = 0;
        for (int i = 0; i < n; i++) {
            if (keys[off + i] == threshold && ++seen == allowed) {
                return i;
            }
        }
        throw new IllegalStateException("k-winners selection lost track of ties: " + seen + " of " + allowed);
    }

    /**
     * Brackets the k-th largest key between two sample order statistics, three standard
     * deviations of the sample count apart, and selects among the keys inside the bracket.
     *
     * @return false when the bracket missed (the caller then selects over the whole row)
     */
    private boolean sampledSelect(int[] keys, int off, int n, int k) {
        double share = (double) k / n;
        int size = sampleSize(n, share);
        if (sample.length < size) {
            sample = new int[size];
        }
        int stride = n / size;
        for (int s = 0; s < size; s++) {
            sample[s] = keys[off + s * stride + stride / 2];
        }
        double expected = share * size;
        double spread = 3 * Math.sqrt(size * share * (1 - share)) + 2;
        int upperRank = (int) Math.floor(expected - spread);
        int lowerRank = (int) Math.ceil(expected + spread);
        int hi = upperRank < 1 ? Integer.MAX_VALUE : nthLargest(sample, 0, size, upperRank);
        // After the first selection the sample's top upperRank keys sit in front: search behind them.
        int from = Math.max(0, upperRank);
        int lo = lowerRank > size ? Integer.MIN_VALUE : nthLargest(sample, from, size, lowerRank - from);
        if (positions.length < n + CpuKernels.POSITION_SLACK) {
            positions = new int[Math.max(n, positions.length * 2) + CpuKernels.POSITION_SLACK];
            candidates = new int[positions.length];
        }
        long split = kernels.partitionKeys(keys, off, n, lo, hi, positions);
        int above = (int) (split >>> 32);
        int count = (int) split;
        if (above >= k || above + count < k) {
            return false;
        }
        for (int j = 0; j < count; j++) {
            candidates[j] = keys[off + positions[j]];
        }
        // Every key equal to the threshold lies inside the bracket, so 'equal' needs no correction.
        if (count <= SMALL) {
            quickSelect(candidates, 0, count, k - above);
        } else {
            radixSelect(candidates, 0, count, k - above);
        }
        greater += above;
        return true;
    }

    /**
     * A sample large enough to bracket the threshold tightly but cheap next to the row: the
     * bracket holds a share of about {@code 6 sqrt(q / size)} of the row (three standard
     * deviations each side), each costing a few operations to filter and select, while selecting
     * in the sample costs some tens of cycles per sampled key (quickselect's branches are
     * unpredictable); the two balance near {@code size ~ (1.5 n sqrt(q))^(2/3)}.
     */
    private static int sampleSize(int n, double share) {
        double q = Math.min(share, 1 - share);
        double balanced = Math.pow(1.5 * n * Math.sqrt(q), 2.0 / 3);
        return (int) Math.max(Math.min(64, n), Math.min(n / 4.0, balanced));
    }

    /**
     * Most significant digit first over the unsigned image of the keys; after each digit only the
     * keys in the bucket that holds the k-th largest survive, usually a small fraction.
     */
    private void radixSelect(int[] keys, int off, int n, int k) {
        int[] h = histogram;
        Arrays.fill(h, 0);
        for (int i = 0; i < n; i++) {
            h[(keys[off + i] ^ Integer.MIN_VALUE) >>> 21]++;
        }
        int need = k;
        int d1 = WIDE - 1;
        while (h[d1] < need) {
            need -= h[d1--];
        }
        int m = 0;
        for (int i = 0; i < n; i++) {
            int u = keys[off + i] ^ Integer.MIN_VALUE;
            if (u >>> 21 == d1) {
                scratch[m++] = u;
            }
        }
        Arrays.fill(h, 0);
        for (int i = 0; i < m; i++) {
            h[(scratch[i] >>> 10) & (WIDE - 1)]++;
        }
        int d2 = WIDE - 1;
        while (h[d2] < need) {
            need -= h[d2--];
        }
        int m2 = 0;
        for (int i = 0; i < m; i++) {
            if (((scratch[i] >>> 10) & (WIDE - 1)) == d2) {
                scratch[m2++] = scratch[i];
            }
        }
        Arrays.fill(h, 0, 1024, 0);
        for (int i = 0; i < m2; i++) {
            h[scratch[i] & 1023]++;
        }
        int d3 = 1023;
        while (h[d3] < need) {
            need -= h[d3--];
        }
        threshold = ((d1 << 21) | (d2 << 10) | d3) ^ Integer.MIN_VALUE;
        equal = h[d3];
        greater = k - need;
    }

    /** Quickselect on a copy, then one pass counts the keys above and equal to the k-th largest. */
    private void quickSelect(int[] keys, int off, int n, int k) {
        System.arraycopy(keys, off, scratch, 0, n);
        threshold = nthLargest(scratch, 0, n, k);
        int gt = 0;
        int eq = 0;
        for (int i = 0; i < n; i++) {
            int key = keys[off + i];
            gt += key > threshold ? 1 : 0;
            eq += key == threshold ? 1 : 0;
        }
        greater = gt;
        equal = eq;
    }

    /**
     * The {@code rank}-th largest (1-based) of {@code a[from .. to)}, reordering that range so that
     * the larger keys come first: Hoare partitions around median-of-three pivots, descending,
     * narrowing to the side that holds the rank.
     */
    static int nthLargest(int[] a, int from, int to, int rank) {
        int target = from + rank - 1;
        int lo = from;
        int hi = to - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int pivot = median(a[lo], a[mid], a[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] > pivot) {
                    i++;
                }
                while (a[j] < pivot) {
                    j--;
                }
                if (i <= j) {
                    int t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (target <= j) {
                hi = j;
            } else if (target >= i) {
                lo = i;
            } else {
                break;
            }
        }
        return a[target];
    }

    private static int median(int a, int b, int c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
