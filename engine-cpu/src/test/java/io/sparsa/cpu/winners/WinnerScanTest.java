package io.sparsa.cpu.winners;

import io.sparsa.cpu.KernelSets;
import io.sparsa.cpu.TestRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vector k-winners passes against the scalar ones, and both against direct computations, on
 * odd row lengths, with and without boost, negative scores, signed zeros, infinities and band
 * edges that are NaN or infinite. The two use different mask widths, so masks are compared
 * through what they mean (which units were kept, which reached the upper edge).
 */
class WinnerScanTest {
    private static Random random;
    private static WinnerScan scalar;
    private static WinnerScan vector;

    @BeforeAll
    static void setUp() {
        random = TestRandom.create("WinnerScanTest");
        scalar = WinnerScan.matching(KernelSets.scalar());
        vector = WinnerScan.matching(KernelSets.vector());
        assertTrue(vector.getClass() != scalar.getClass(), "the vector kernels should bring the vector scan");
    }

    /** Values in [-1, 1) with some exact ties, signed zeros and infinities mixed in. */
    private static float[] row(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = switch (random.nextInt(20)) {
                case 0 -> 0f;
                case 1 -> -0f;
                case 2 -> 0.5f;
                case 3 -> random.nextInt(8) == 0 ? Float.POSITIVE_INFINITY : -0.25f;
                case 4 -> random.nextInt(8) == 0 ? Float.NEGATIVE_INFINITY : 0.25f;
                default -> random.nextFloat() * 2 - 1;
            };
        }
        x[random.nextInt(n)] = 0.75f;
        return x;
    }

    private static float[] factors(int n) {
        float[] b = new float[n];
        for (int u = 0; u < n; u++) {
            b[u] = 0.5f + random.nextFloat();
        }
        return b;
    }

    /** Ascending quantiles of x, the lowest -0.0 or -infinity and the highest +infinity. */
    private static float[] thresholds(float[] x) {
        float[] sorted = x.clone();
        Arrays.sort(sorted);
        float[] t = new float[WinnerScan.THRESHOLDS];
        for (int j = 0; j < t.length; j++) {
            t[j] = sorted[(int) ((long) (sorted.length - 1) * (j + 1) / (t.length + 1))];
        }
        t[0] = random.nextBoolean() ? Float.NEGATIVE_INFINITY : -0f;
        t[t.length - 1] = Float.POSITIVE_INFINITY;
        return t;
    }

    private static boolean bit(int[] masks, int width, int i, int plane) {
        return (masks[i / width] >>> (plane + i % width) & 1) != 0;
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 3, 7, 8, 9, 13, 16, 17, 31, 33, 67, 100, 207, 300, 1001, 4099})
    void countMatchesScalarAndADirectCount(int n) {
        int off = 3;
        float[] x = new float[n + off + 2];
        System.arraycopy(row(n), 0, x, off, n);
        for (float[] boost : new float[][]{null, factors(n)}) {
            float[] t = thresholds(x);
            int[] expected = new int[WinnerScan.THRESHOLDS];
            for (int i = 0; i < n; i++) {
                float s = ScalarWinnerScan.score(x, off, boost, i);
                for (int j = 0; j < t.length; j++) {
                    expected[j] += s >= t[j] ? 1 : 0;
                }
            }
            int[] cs = new int[WinnerScan.THRESHOLDS];
            int[] cv = new int[WinnerScan.THRESHOLDS];
            Arrays.fill(cv, -7);
            String what = "n=" + n + " boost=" + (boost != null) + " t=" + Arrays.toString(t);
            scalar.count(x, off, n, boost, t, cs);
            vector.count(x, off, n, boost, t, cv);
            assertArrayEquals(expected, cs, what);
            assertArrayEquals(expected, cv, what);
        }
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 3, 7, 8, 9, 13, 16, 17, 31, 33, 67, 100, 207, 300, 1001, 4099})
    void writeAndListMatchScalarAndTheirDefinition(int n) {
        int off = 5;
        float[] x = new float[n + off];
        System.arraycopy(row(n), 0, x, off, n);
        for (float[] boost : new float[][]{null, factors(n)}) {
            float[] t = thresholds(x);
            float[][] bands = {{t[2], t[4]}, {t[0], t[6]}, {Float.NEGATIVE_INFINITY, Float.NaN}, {t[3], t[3]},
                {0f, Float.NaN}, {Float.POSITIVE_INFINITY, Float.NaN}};
            for (float[] band : bands) {
                float[] outS = new float[n + 2];
                float[] outV = new float[n + 2];
                Arrays.fill(outS, Float.NaN);
                Arrays.fill(outV, Float.NaN);
                int[] masksS = new int[n + 1];
                int[] masksV = new int[n + 1];
                Arrays.fill(masksS, -1);
                Arrays.fill(masksV, -1);
                int[] insideS = new int[n + WinnerScan.SLACK];
                int[] insideV = new int[n + WinnerScan.SLACK];
                long s = scalar.write(x, off, n, boost, band[0], band[1], outS, 1, masksS, insideS);
                long v = vector.write(x, off, n, boost, band[0], band[1], outV, 1, masksV, insideV);
                String what = "n=" + n + " boost=" + (boost != null) + " band=" + Arrays.toString(band);
                assertEquals(s, v, what);
                assertArrayEquals(outS, outV, what);
                int kept = 0;
                int inside = 0;
                int[] expectedInside = new int[n];
                for (int i = 0; i < n; i++) {
                    float score = ScalarWinnerScan.score(x, off, boost, i);
                    boolean keep = score >= band[0];
                    boolean high = keep && score >= band[1];
                    kept += keep ? 1 : 0;
                    if (keep && !high) {
                        expectedInside[inside++] = i;
                    }
                    // Losers are written as +0.0, winners as x itself (a -0.0 stays -0.0).
                    assertEquals(keep ? x[off + i] : 0f, outS[1 + i], what + " i=" + i);
                    for (WinnerScan scan : new WinnerScan[]{scalar, vector}) {
                        int[] masks = scan == scalar ? masksS : masksV;
                        assertEquals(keep, bit(masks, scan.maskWidth(), i, 0), what + " i=" + i);
                        assertEquals(high, bit(masks, scan.maskWidth(), i, 16), what + " i=" + i);
                    }
                }
                assertEquals((long) kept << 32 | inside, s, what);
                assertArrayEquals(Arrays.copyOf(expectedInside, inside), Arrays.copyOf(insideS, inside), what);
                assertArrayEquals(Arrays.copyOf(expectedInside, inside), Arrays.copyOf(insideV, inside), what);
                assertTrue(Float.isNaN(outS[0]) && Float.isNaN(outV[n + 1]), what);

                // Listing: all, then cut short at every few limits, never writing past the limit.
                for (WinnerScan scan : new WinnerScan[]{scalar, vector}) {
                    int[] masks = scan == scalar ? masksS : masksV;
                    int words = (n + scan.maskWidth() - 1) / scan.maskWidth();
                    int[] expected = new int[kept];
                    for (int i = 0, w = 0; i < n; i++) {
                        if (bit(masks, scan.maskWidth(), i, 0)) {
                            expected[w++] = i;
                        }
                    }
                    for (int limit : new int[]{kept, kept / 2, Math.max(0, kept - 1), Math.min(kept, 3)}) {
                        int[] dest = new int[limit + 4];
                        Arrays.fill(dest, -9);
                        assertEquals(kept, scan.list(masks, words, dest, 2, limit), what);
                        assertArrayEquals(Arrays.copyOf(expected, limit), Arrays.copyOfRange(dest, 2, 2 + limit),
                                what + " limit=" + limit);
                        assertTrue(dest[0] == -9 && dest[1] == -9 && dest[limit + 2] == -9 && dest[limit + 3] == -9,
                                what + " limit=" + limit);
                    }
                }
            }
        }
    }

    @Test
    void nanScoresAreReportedByTheOutputPass() {
        for (int n : new int[]{1, 9, 64, 301}) {
            for (WinnerScan scan : new WinnerScan[]{scalar, vector}) {
                float[] x = row(n);
                int at = random.nextInt(n);
                x[at] = Float.NaN;
                int[] masks = new int[n + 1];
                int[] inside = new int[n + WinnerScan.SLACK];
                assertEquals(-1, scan.write(x, 0, n, null, Float.NEGATIVE_INFINITY, Float.NaN, new float[n], 0,
                        masks, inside), "n=" + n);
                // 0 * infinity is NaN too: a boosted score can be NaN where x is not.
                float[] y = row(n);
                y[at] = 0f;
                float[] boost = factors(n);
                boost[at] = Float.POSITIVE_INFINITY;
                assertEquals(-1, scan.write(y, 0, n, boost, 0.5f, 0.75f, new float[n], 0, masks, inside), "n=" + n);
            }
        }
    }
}
