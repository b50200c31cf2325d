package io.sparsa.cpu.winners;

import io.sparsa.cpu.KernelSets;
import io.sparsa.cpu.TestRandom;
import io.sparsa.cpu.parallel.CpuThreadPool;
import io.sparsa.cpu.vector.CpuKernels;
import io.sparsa.cpu.vector.SortKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * k-winners by selection against a full sort (score descending, index ascending), with heavy
 * ties and signed zeros, both kernel sets, rows short enough for quickselect and long enough for
 * the radix select.
 */
class KWinnersTest {
    private static Random random;
    private static CpuThreadPool pool;

    @BeforeAll
    static void setUp() {
        random = TestRandom.create("KWinnersTest");
        pool = new CpuThreadPool(2);
    }

    @AfterAll
    static void tearDown() {
        pool.close();
    }

    /** Continuous values, or few distinct values (many ties, with -0.0 among the zeros). */
    private static float[] data(int n, boolean ties) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            if (ties) {
                int v = random.nextInt(4) - 1;
                x[i] = v == 0 && random.nextBoolean() ? -0.0f : v;
            } else {
                x[i] = random.nextFloat() * 2 - 1;
            }
        }
        return x;
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 3, 7, 13, 17, 33, 67, 100, 207, 257, 300, 1000, 4099})
    void matchesSortingReference(int n) {
        int batch = 3;
        for (boolean ties : new boolean[]{false, true}) {
            float[] x = data(batch * n, ties);
            for (int groups : divisors(n)) {
                float[] boost = groups == 0 ? null : new float[groups];
                if (boost != null) {
                    for (int u = 0; u < groups; u++) {
                        boost[u] = ties ? 1 + random.nextInt(2) : 0.5f + random.nextFloat();
                    }
                }
                for (int k : new int[]{1, Math.max(1, n / 3), Math.max(1, n - 1), n, n + 5}) {
                    int kk = Math.min(k, n);
                    float[] expectedOut = new float[batch * n];
                    int[] expectedIdx = new int[batch * kk];
                    reference(x, batch, n, boost, kk, expectedOut, expectedIdx);
                    for (CpuKernels kernels : KernelSets.both()) {
                        float[] out = new float[batch * n];
                        Arrays.fill(out, Float.NaN);
                        int[] idx = new int[batch * kk];
                        new KWinners(kernels, pool).forward(x, batch, n, boost, kk, out, idx);
                        String what = kernels.description() + " n=" + n + " k=" + k + " groups=" + groups + " ties=" + ties;
                        assertArrayEquals(expectedIdx, idx, what);
                        assertArrayEquals(expectedOut, out, what);
                    }
                }
            }
        }
    }

    /**
     * Rows long enough for the sampled thresholds, in batches whose rows differ: shifted and
     * scaled (so thresholds and bands carried over from the row before miss), sorted either way,
     * all equal, mostly zeros, or with the largest scores exactly where the sample looks; the last
     * rows are alike, so that the carried-over band is also used.
     */
    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1031, 4609, 20011})
    void longRowsMatchSortingReference(int n) {
        int batch = 14;
        float[] x = new float[batch * n];
        for (int b = 0; b < batch; b++) {
            int row = b * n;
            float scale = b < 9 ? (float) Math.pow(4, b - 4) : 1f;
            float shift = b < 9 && b % 3 == 0 ? -0.75f : 0f;
            for (int i = 0; i < n; i++) {
                x[row + i] = (random.nextFloat() + shift) * scale;
            }
            switch (b) {
                case 2 -> Arrays.sort(x, row, row + n);
                case 3 -> {
                    Arrays.sort(x, row, row + n);
                    for (int i = 0; i < n / 2; i++) {
                        float t = x[row + i];
                        x[row + i] = x[row + n - 1 - i];
                        x[row + n - 1 - i] = t;
                    }
                }
                case 5 -> Arrays.fill(x, row, row + n, -0.5f);
                case 6 -> {
                    for (int i = 0; i < n; i++) {
                        x[row + i] = random.nextInt(10) == 0 ? x[row + i] : (i % 2 == 0 ? 0f : -0f);
                    }
                }
                case 7 -> {
                    for (int i = 0; i < n; i += 7) {
                        x[row + i] = 1000f + i;
                    }
                }
                default -> {
                    // plain random rows
                }
            }
        }
        for (float[] boost : new float[][]{null, unitBoost(n), new float[]{1.5f}}) {
            for (int k : new int[]{1, 2, n / 20, n / 10, n / 5, n / 2, n - 1, n}) {
                float[] expectedOut = new float[batch * n];
                int[] expectedIdx = new int[batch * k];
                reference(x, batch, n, boost, k, expectedOut, expectedIdx);
                for (CpuKernels kernels : KernelSets.both()) {
                    KWinners winners = new KWinners(kernels, pool);
                    // Twice, so that a second call finds the per-thread buffers and thresholds of the first.
                    for (int call = 0; call < 2; call++) {
                        float[] out = new float[batch * n];
                        Arrays.fill(out, Float.NaN);
                        int[] idx = new int[batch * k];
                        winners.forward(x, batch, n, boost, k, out, idx);
                        String what = kernels.description() + " n=" + n + " k=" + k + " boost="
                                + (boost == null ? 0 : boost.length) + " call=" + call;
                        assertArrayEquals(expectedIdx, idx, what);
                        assertArrayEquals(expectedOut, out, what);
                    }
                }
            }
        }
    }

    private static float[] unitBoost(int n) {
        float[] boost = new float[n];
        for (int i = 0; i < n; i++) {
            boost[i] = 0.8f + 0.45f * random.nextFloat();
        }
        return boost;
    }

    @ParameterizedTest(name = "channels={0}")
    @ValueSource(ints = {1, 3, 7, 13, 33, 67, 300})
    void localMatchesSortingReference(int channels) {
        int batch = 2;
        int plane = 5 * 3;
        for (boolean ties : new boolean[]{false, true}) {
            float[] x = data(batch * channels * plane, ties);
            float[] boost = new float[channels];
            for (int c = 0; c < channels; c++) {
                boost[c] = ties ? 1 : 0.5f + random.nextFloat();
            }
            for (int k : new int[]{1, Math.max(1, channels / 2), channels}) {
                float[] expectedOut = new float[x.length];
                int[] expectedIdx = new int[batch * k * plane];
                float[] column = new float[channels];
                float[] columnOut = new float[channels];
                int[] columnIdx = new int[k];
                for (int b = 0; b < batch; b++) {
                    for (int p = 0; p < plane; p++) {
                        for (int c = 0; c < channels; c++) {
                            column[c] = x[(b * channels + c) * plane + p];
                        }
                        reference(column, 1, channels, boost, k, columnOut, columnIdx);
                        for (int c = 0; c < channels; c++) {
                            expectedOut[(b * channels + c) * plane + p] = columnOut[c];
                        }
                        for (int j = 0; j < k; j++) {
                            expectedIdx[(b * k + j) * plane + p] = columnIdx[j];
                        }
                    }
                }
                for (CpuKernels kernels : KernelSets.both()) {
                    float[] out = new float[x.length];
                    int[] idx = new int[expectedIdx.length];
                    new KWinners(kernels, pool).forwardLocal(x, batch, channels, plane, boost, k, out, idx);
                    String what = kernels.description() + " C=" + channels + " k=" + k + " ties=" + ties;
                    assertArrayEquals(expectedIdx, idx, what);
                    assertArrayEquals(expectedOut, out, what);
                }
            }
        }
    }

    @Test
    void nanScoreIsRejectedNamingTheElement() {
        float[] x = data(2 * 300, false);
        x[300 + 17] = Float.NaN;
        for (CpuKernels kernels : KernelSets.both()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new KWinners(kernels, pool).forward(x, 2, 300, null, 5, new float[600], new int[10]));
            assertTrue(e.getMessage().contains("[1, 17]") && e.getMessage().contains("NaN"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 2, 5, 64, 255, 256, 257, 1000, 2047, 2048, 5000, 20000})
    void keySelectionFindsTheKthLargest(int n) {
        for (CpuKernels kernels : KernelSets.both()) {
            keySelection(new KeySelection(kernels), n);
        }
    }

    private static void keySelection(KeySelection selection, int n) {
        for (int trial = 0; trial < 30; trial++) {
            int[] keys = new int[n + 3];
            int spread = trial % 3 == 0 ? 3 : trial % 3 == 1 ? 1000 : Integer.MAX_VALUE;
            for (int i = 0; i < keys.length; i++) {
                keys[i] = spread == Integer.MAX_VALUE ? random.nextInt() : random.nextInt(spread) - spread / 2;
            }
            if (trial % 5 == 3 && n >= 2048) {
                // Adversarial for the sampled bracket: the sampled positions hold the largest keys.
                int stride = n / 256;
                for (int q = 0; q < 256; q++) {
                    keys[3 + q * stride + stride / 2] = Integer.MAX_VALUE - q;
                }
            }
            if (trial % 5 == 4) {
                // Sorted rows: a strided sample of sorted keys is as unrepresentative as it gets locally.
                Arrays.sort(keys, 3, 3 + n);
            }
            int k = trial % 4 == 0 ? 1 : trial % 4 == 1 ? n : 1 + random.nextInt(n);
            selection.select(keys, 3, n, k);
            int[] sorted = Arrays.copyOfRange(keys, 3, 3 + n);
            Arrays.sort(sorted);
            int expected = sorted[n - k];
            assertEquals(expected, selection.threshold, "k=" + k);
            int greater = 0;
            int equal = 0;
            for (int v : sorted) {
                greater += v > expected ? 1 : 0;
                equal += v == expected ? 1 : 0;
            }
            assertEquals(greater, selection.greater);
            assertEquals(equal, selection.equal);
        }
    }

    private static int[] divisors(int n) {
        // 0 stands for "no boost"; then one boost per unit, one for the whole row, and a middle grouping.
        int middle = 1;
        for (int d = 2; d < n; d++) {
            if (n % d == 0) {
                middle = d;
                break;
            }
        }
        return new int[]{0, n, 1, middle};
    }

    /** Full sort of (score descending, index ascending); scores compared as floats, so -0.0 ties 0.0. */
    private static void reference(float[] x, int batch, int n, float[] boost, int k, float[] out, int[] idx) {
        int groupSize = boost == null ? 1 : n / boost.length;
        for (int b = 0; b < batch; b++) {
            Integer[] order = new Integer[n];
            float[] score = new float[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
                score[i] = boost == null ? x[b * n + i] : x[b * n + i] * boost[i / groupSize];
            }
            Arrays.sort(order, (p, q) -> score[p] > score[q] ? -1 : score[p] < score[q] ? 1 : Integer.compare(p, q));
            int[] winners = new int[k];
            for (int j = 0; j < k; j++) {
                winners[j] = order[j];
            }
            Arrays.sort(winners);
            Arrays.fill(out, b * n, (b + 1) * n, 0f);
            for (int j = 0; j < k; j++) {
                out[b * n + winners[j]] = x[b * n + winners[j]];
                idx[b * k + j] = winners[j];
            }
        }
    }

    @Test
    void sortKeysTreatSignedZerosAsEqual() {
        assertEquals(SortKeys.of(0.0f), SortKeys.of(-0.0f));
        assertTrue(SortKeys.of(-Float.MIN_VALUE) < SortKeys.of(0f));
        assertTrue(SortKeys.of(Float.MIN_VALUE) > SortKeys.of(-0.0f));
        assertTrue(SortKeys.of(Float.NEGATIVE_INFINITY) < SortKeys.of(-Float.MAX_VALUE));
        assertTrue(SortKeys.of(Float.POSITIVE_INFINITY) > SortKeys.of(Float.MAX_VALUE));
        assertTrue(SortKeys.of(-2f) < SortKeys.of(-1f));
    }
}
