package io.sparsa.cpu.winners;

import io.sparsa.cpu.vector.CpuKernels;
import io.sparsa.cpu.vector.SortKeys;

import java.util.Arrays;

/**
 * The winners of one row, exactly, in one or two reads of it and one write:
 * <ol>
 *   <li>Trial thresholds: {@link WinnerScan#THRESHOLDS} order statistics of a strided sample of
 *   the boosted scores, spread three standard deviations of the sample's rank error around the
 *   k-th largest. Rows of one call are alike, so later rows reuse them while they keep
 *   bracketing the k-th score in a narrow band.</li>
 *   <li>Counting pass ({@link WinnerScan#count}): exactly how many scores reach each threshold,
 *   hence the band {@code [lo, hi)} between two adjacent thresholds that holds the k-th largest
 *   score, with {@code c(hi) < k <= c(lo)} units at or above its edges.</li>
 *   <li>Output pass ({@link WinnerScan#write}): every unit scoring {@code >= lo} is written out as
 *   a winner, and masks record which units were kept and which scored {@code >= hi}.</li>
 *   <li>Settling the band: an exact selection ({@link KeySelection}) among the band's few units
 *   names the {@code k - c(hi)} that win (ties to the lower index); the others are zeroed and
 *   cleared from the masks, which then list the indices ({@link WinnerScan#list}).</li>
 * </ol>
 * A row after the first skips the counting pass: it tries a band around the last row's k-th
 * score, and the output pass's own counts tell whether this row's k-th score fell inside (if
 * not, the row is counted and written again, and later guesses are wider). A band may be wide (a
 * sample that misjudged, heavy ties); the result stays exact, only slower. Not thread-safe: one
 * instance per thread, buffers growing to the longest row.
 */
final class RowSelector {
    private static final int M = WinnerScan.THRESHOLDS;
    private static final int MIN_SAMPLE = 64;
    private static final int MAX_SAMPLE = 1024;
    /** Guessed bands reach this many standard deviations each way at the least (a miss costs a pass). */
    private static final double MIN_MARGIN = 3;
    private static final double MAX_MARGIN = 256;

    private final WinnerScan scan;
    private final int width;
    private final KeySelection selection;
    private final float[] thresholds = new float[M];
    private final int[] counts = new int[M];
    /** Whether {@link #thresholds} suit the next row (same call, last row bracketed well). */
    private boolean reusable;
    /** Whether the next row tries the band {@code [guessLo, guessHi)} before counting. */
    private boolean guessed;
    private float guessLo;
    private float guessHi;
    /** Half the guessed band's width, in standard deviations of the k-th score's rank. */
    private double margin = MIN_MARGIN;
    /** The last row's k-th largest score, or NaN when the last band needed no selection. */
    private float lastScore;
    /** The boost of the current call, one factor per unit (group factors repeated), or null. */
    private float[] unitBoost;
    private float[] expandedBoost = new float[0];
    private float[] sample = new float[0];
    private int[] masks = new int[0];
    private int[] inside = new int[0];
    private int[] insideKeys = new int[0];

    RowSelector(CpuKernels kernels, WinnerScan scan) {
        this.scan = scan;
        this.width = scan.maskWidth();
        this.selection = new KeySelection(kernels);
    }

    /**
     * Starts a run of rows of one call: forgets the last call's thresholds and takes its boost
     * (null, one factor per unit, or one per group of {@code n / boost.length} units).
     */
    void start(int n, float[] boost) {
        reusable = false;
        guessed = false;
        margin = MIN_MARGIN;
        ensureCapacity(n);
        if (boost == null || boost.length == n) {
            unitBoost = boost;
        } else {
            int groupSize = n / boost.length;
            for (int u = 0; u < boost.length; u++) {
                Arrays.fill(expandedBoost, u * groupSize, (u + 1) * groupSize, boost[u]);
            }
            unitBoost = expandedBoost;
        }
    }

    /**
     * Writes the winners of the row {@code x[xOff .. xOff+n)} (n as given to {@link #start}):
     * {@code out[outOff ..]} gets x at the winners and 0 elsewhere, {@code indices[indOff ..
     * indOff+k)} their positions ascending.
     *
     * @param k in {@code [1, n]}
     * @return false when some boosted score is NaN (the outputs are then incomplete)
     */
    boolean select(float[] x, int xOff, int n, int k, float[] out, int outOff, int[] indices, int indOff) {
        float[] boost = unitBoost;
        if (k >= n) {
            // Everything wins.
            if (scan.write(x, xOff, n, boost, Float.NEGATIVE_INFINITY, Float.NaN, out, outOff, masks, inside) < 0) {
                return false;
            }
            listWinners(n, indices, indOff, k);
            return true;
        }
        if (guessed) {
            // One pass: the band that held the last row's k-th score, widened, likely holds this one's.
            long lists = scan.write(x, xOff, n, boost, guessLo, guessHi, out, outOff, masks, inside);
            if (lists < 0) {
                return false;
            }
            int atLo = (int) (lists >>> 32);
            int band = (int) lists;
            if (atLo - band < k && k <= atLo) {
                settle(x, xOff, n, band, k - (atLo - band), out, outOff, indices, indOff, k);
                margin = Math.max(MIN_MARGIN, margin * 0.75);
                nextGuess(n, k, band, guessLo, guessHi);
                return true;
            }
            // It did not: the counts decide, and the output pass runs again; later guesses are wider.
            margin = Math.min(MAX_MARGIN, margin * 2);
        }
        if (!reusable) {
            sampleThresholds(x, xOff, n, k);
        }
        scan.count(x, xOff, n, boost, thresholds, counts);
        // The highest threshold still reached by k units is the band's lower edge; a NaN upper
        // edge (nothing is >= NaN) stands for "no threshold above".
        int j = M - 1;
        while (j >= 0 && counts[j] < k) {
            j--;
        }
        float lo = j < 0 ? Float.NEGATIVE_INFINITY : thresholds[j];
        int atLo = j < 0 ? n : counts[j];
        float hi = j == M - 1 ? Float.NaN : thresholds[j + 1];
        int atHi = j == M - 1 ? 0 : counts[j + 1];
        int band = atLo - atHi;
        reusable = j >= 0 && j < M - 1 && band <= Math.max(64, n / 32);

        long lists = scan.write(x, xOff, n, boost, lo, hi, out, outOff, masks, inside);
        if (lists < 0) {
            return false;
        }
        if ((int) (lists >>> 32) != atLo || (int) lists != band) {
            // Only NaN scores could make the passes disagree, and the output pass reports those.
            throw new IllegalStateException("k-winners passes disagree: " + (lists >>> 32) + " units kept and "
                    + (int) lists + " inside the band, counted " + atLo + " and " + band);
        }
        settle(x, xOff, n, band, k - atHi, out, outOff, indices, indOff, k);
        nextGuess(n, k, band, lo, hi);
        return true;
    }

    /**
     * The band the next row tries first: around this row's k-th score, {@link #margin} standard
     * deviations of the k-th score's rank wide each way (the count of a binomial(n, k/n) above a
     * fixed value), turned into scores with the density of this row's band ({@code band} units
     * between {@code lo} and {@code hi}).
     */
    private void nextGuess(int n, int k, int band, float lo, float hi) {
        double width = (double) hi - lo;
        guessed = band > 0 && width > 0 && width < Double.POSITIVE_INFINITY && lastScore == lastScore;
        if (guessed) {
            double share = (double) k / n;
            double reach = margin * (Math.sqrt(n * share * (1 - share)) + 1) * width / band;
            guessLo = (float) (lastScore - reach);
            guessHi = (float) (lastScore + reach);
            guessed = guessLo < guessHi && !Float.isInfinite(guessLo) && !Float.isInfinite(guessHi);
        }
    }

    /**
     * Exact selection among the band's units: the {@code need} best (ties to the lower index) win,
     * the rest are zeroed and cleared from the masks; the masks then list the indices.
     */
    private void settle(float[] x, int xOff, int n, int band, int need, float[] out, int outOff, int[] indices,
                        int indOff, int k) {
        // Unknown unless the band needs a selection.
        lastScore = Float.NaN;
        if (need < band) {
            for (int q = 0; q < band; q++) {
                insideKeys[q] = SortKeys.of(ScalarWinnerScan.score(x, xOff, unitBoost, inside[q]));
            }
            selection.select(insideKeys, 0, band, need);
            int threshold = selection.threshold;
            lastScore = SortKeys.score(threshold);
            int lastTie = selection.lastTie(insideKeys, 0, band, need);
            for (int j = 0; j < band; j++) {
                int key = insideKeys[j];
                if (key < threshold || (key == threshold && j > lastTie)) {
                    int p = inside[j];
                    out[outOff + p] = 0f;
                    masks[p / width] &= ~(1 << (p % width));
                }
            }
        }
        listWinners(n, indices, indOff, k);
    }

    private void listWinners(int n, int[] indices, int indOff, int k) {
        int listed = scan.list(masks, (n + width - 1) / width, indices, indOff, k);
        if (listed != k) {
            throw new IllegalStateException("k-winners kept " + listed + " units instead of " + k);
        }
    }

    /**
     * Thresholds at sample ranks spread evenly over the expected rank of the k-th largest score,
     * plus or minus three standard deviations of a sample rank (binomial), ascending.
     */
    private void sampleThresholds(float[] x, int xOff, int n, int k) {
        int size = Math.min(n, Math.max(MIN_SAMPLE, Math.min(MAX_SAMPLE, n / 16)));
        int stride = n / size;
        for (int s = 0; s < size; s++) {
            sample[s] = ScalarWinnerScan.score(x, xOff, unitBoost, s * stride + stride / 2);
        }
        Arrays.sort(sample, 0, size);
        double share = (double) k / n;
        double expected = share * size;
        double spread = 3 * Math.sqrt(size * share * (1 - share)) + 1;
        for (int j = 0; j < M; j++) {
            // j = 0 sits deepest (lowest score), j = M - 1 highest.
            double rank = expected + spread * (1 - 2.0 * j / (M - 1));
            int r = (int) Math.max(1, Math.min(size, Math.round(rank)));
            // A NaN sample (the output pass will reject the row) must not reach the counting pass.
            thresholds[j] = Float.isNaN(sample[size - r]) ? Float.POSITIVE_INFINITY : sample[size - r];
        }
    }

    private void ensureCapacity(int n) {
        if (expandedBoost.length < n) {
            expandedBoost = new float[n];
            masks = new int[n / width + 1];
            inside = new int[n + WinnerScan.SLACK];
            insideKeys = new int[n];
            sample = new float[Math.min(n, MAX_SAMPLE)];
        }
    }
}
