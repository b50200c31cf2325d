package io.sparsa.cpu.winners;

import java.util.Arrays;

/**
 * Finds the k-th largest of n int keys without sorting: a radix select for long rows (three
 * passes of 11, 11 and 10 bits, each over the survivors of the last) and a quickselect for short
 * ones (k-winners over channels). Both report how many keys beat the threshold and how many equal
 * it, which is what the tie rule (lower index first) needs.
 *
 * <p>Not thread-safe: each thread uses its own instance, whose buffers grow to the longest row.
 */
final class KeySelection {
    /** Rows up to this length use quickselect: a radix histogram would cost more than the row. */
    private static final int SMALL = 256;
    private static final int WIDE = 1 << 11;

    private int[] scratch = new int[0];
    private final int[] histogram = new int[WIDE];

    /** The k-th largest key (1 <= k <= n) of {@code keys[off .. off+n)}. */
    int threshold;
    /** Keys strictly greater than the threshold (fewer than k). */
    int greater;
    /** Keys equal to the threshold (at least {@code k - greater}). */
    int equal;

    void select(int[] keys, int off, int n, int k) {
        if (scratch.length < n) {
            scratch = new int[Math.max(n, scratch.length * 2)];
        }
        if (n <= SMALL) {
            quickSelect(keys, off, n, k);
        } else {
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

    /** Hoare-style quickselect on a copy, median-of-three pivots; then one pass counts. */
    private void quickSelect(int[] keys, int off, int n, int k) {
        int[] a = scratch;
        System.arraycopy(keys, off, a, 0, n);
        // Descending order: the k-th largest sits at position k - 1.
        int target = k - 1;
        int lo = 0;
        int hi = n - 1;
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
        threshold = a[target];
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

    private static int median(int a, int b, int c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
