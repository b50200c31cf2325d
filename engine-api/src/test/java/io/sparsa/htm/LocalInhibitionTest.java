package io.sparsa.htm;

import io.sparsa.reference.ReferenceBackend;
import io.sparsa.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Local inhibition worked out by hand on a row of 8 columns with overlaps
 * {@code [3, 1, 4, 4, 0, 2, 5, 6]}, and checked against a brute-force reading of the rule on
 * random grids of one to three dimensions.
 */
class LocalInhibitionTest {
    private static final float[] OVERLAPS = {3, 1, 4, 4, 0, 2, 5, 6};

    private static SpatialPoolerConfig row(float density, boolean wrap, int threshold) {
        return SpatialPoolerConfig.builder().inputDimensions(8).columnDimensions(8).potentialRadius(8).potentialPct(1f)
                .globalInhibition(false).localAreaDensity(density).wrapAround(wrap).stimulusThreshold(threshold)
                .boostStrength(0f).build();
    }

    private static int[] winners(SpatialPoolerConfig config, int radius, float[] overlaps, float[] boosts) {
        LocalInhibition inhibition = new LocalInhibition(config, radius);
        int n = overlaps.length;
        float[] active = new float[n];
        int[] list = new int[n];
        BinaryCodes codes = inhibition.select(overlaps, boosts, 1, active, list);
        int[] bits = codes.row(0);
        for (int i = 0; i < n; i++) {
            boolean listed = Arrays.binarySearch(bits, i) >= 0;
            assertEquals(listed ? 1f : 0f, active[i], "active mask at column " + i);
            assertEquals(i < bits.length ? bits[i] : -1, list[i], "winner list slot " + i);
        }
        return bits;
    }

    @Test
    void radiusOneNoWrap() {
        // density 0.34: one winner per window of 3 (inside) or 2 (at the edges): local maxima
        // c0: c1 lower -> wins; c2 ties c3, which has the higher index -> wins; c3 loses the tie to c2;
        // c4 overlap 0 is not above the threshold; c5 < c6; c6 < c7; c7 beats c6
        LocalInhibition li = new LocalInhibition(row(0.34f, false, 0), 1);
        assertEquals(1, li.numDesired(0), "(int) (0.5 + 0.34 * 2)");
        assertEquals(1, li.numDesired(3), "(int) (0.5 + 0.34 * 3)");
        assertArrayEquals(new int[]{0, 2, 7}, winners(row(0.34f, false, 0), 1, OVERLAPS, null));
    }

    @Test
    void radiusOneWithWrap() {
        // wrapping makes c7 (6) a neighbour of c0 (3): c0 now loses
        assertArrayEquals(new int[]{2, 7}, winners(row(0.34f, true, 0), 1, OVERLAPS, null));
    }

    @Test
    void radiusTwoAllowsTwoWinnersPerWindow() {
        // no wrap, density 0.4: windows of 3 at the ends (1 winner), 4 next to them and 5 inside (2)
        // c0: beaten by c2 (4 > 3) -> loses; c1: beaten by c0, c2, c3; c2: none; c3: only c2 (tie, lower index);
        // c5: beaten by c3, c6, c7; c6: only c7; c7: none
        SpatialPoolerConfig config = row(0.4f, false, 0);
        LocalInhibition li = new LocalInhibition(config, 2);
        assertEquals(1, li.numDesired(0));
        assertEquals(2, li.numDesired(1));
        assertEquals(2, li.numDesired(4));
        assertArrayEquals(new int[]{2, 3, 6, 7}, winners(config, 2, OVERLAPS, null));
        // wrapping: every window has 5 columns, 2 winners; c0 is beaten by c6, c7 and c2
        assertArrayEquals(new int[]{2, 3, 6, 7}, winners(row(0.4f, true, 0), 2, OVERLAPS, null));
    }

    @Test
    void thresholdAndBoosting() {
        // threshold 3: only c2, c3 (4), c6 (5), c7 (6) are eligible; c0 (3) is not
        assertArrayEquals(new int[]{2, 7}, winners(row(0.34f, false, 3), 1, OVERLAPS, null));
        // boosting c3 by 1.5 (score 6) lets it beat c2 (4), and c2 then loses
        float[] boosts = {1, 1, 1, 1.5f, 1, 1, 1, 1};
        assertArrayEquals(new int[]{0, 3, 7}, winners(row(0.34f, false, 0), 1, OVERLAPS, boosts));
    }

    @Test
    void countConvertsToDensityOverTheInhibitionArea() {
        // 2 winners per area of min(8, 2 * 1 + 1) = 3 columns: density 2 / 3, capped at 0.5
        SpatialPoolerConfig config = SpatialPoolerConfig.builder().inputDimensions(8).columnDimensions(8)
                .potentialRadius(8).globalInhibition(false).numActiveColumnsPerInhArea(2).wrapAround(false).build();
        LocalInhibition li = new LocalInhibition(config, 1);
        assertEquals(0.5f, li.density(1), 0f);
        assertEquals(2, li.numDesired(4), "(int) (0.5 + 0.5 * 3)");
        assertEquals(1, li.numDesired(0), "(int) (0.5 + 0.5 * 2)");
        assertEquals(2f / 5, li.density(2), 1e-7f);
        // a radius beyond every column dimension inhibits globally: the top 2 of all columns
        LocalInhibition wide = new LocalInhibition(config, 9);
        assertTrue(wide.global());
        assertArrayEquals(new int[]{6, 7}, winners(config, 9, OVERLAPS, null));
    }

    @Test
    void inhibitionRadiusOfAHandCheckedCase() {
        // inputs 4x6; three columns of 3 pool entries each
        int[] inputs = {1, 16, 5, /**/ 23, 0, 7, /**/ 2, 3, 4};
        float[] connected = {1, 1, 0, /**/ 1, 0, 0, /**/ 0, 0, 0};
        int[] inputDims = {4, 6};
        // column 0: inputs 1 = (0, 1) and 16 = (2, 4): spans 3 and 4, mean 3.5; column 1: input 23 = (3, 5): 1;
        // column 2: nothing connected: 0
        assertEquals((3.5 + 1 + 0) / 3, InhibitionRadius.averageConnectedSpan(connected, inputs, 3, inputDims), 1e-12);
        // columns 16x12 over 4x6 inputs: (16 / 4 + 12 / 6) / 2 = 3 columns per input
        assertEquals(3.0, InhibitionRadius.columnsPerInput(inputDims, new int[]{16, 12}), 1e-12);
        // diameter 1.5 * 3 = 4.5, radius (4.5 - 1) / 2 = 1.75, rounded 2
        assertEquals(2, InhibitionRadius.of(connected, inputs, 3, inputDims, new int[]{16, 12}));
        // columns 8x3: (2 + 0.5) / 2 = 1.25 per input, diameter 1.875, radius 0.44: at least 1
        assertEquals(1, InhibitionRadius.of(connected, inputs, 3, inputDims, new int[]{8, 3}));
    }

    /**
     * Column c sees inputs 0 .. 6 with permanence 1 on the first OVERLAPS[c] of them, so an
     * all-ones input gives exactly OVERLAPS; the connected spans average 25 / 8, so the radius is
     * round((3.125 - 1) / 2) = 1.
     */
    @Test
    void spatialPoolerInhibitsLocally() {
        int[][] pools = new int[8][];
        float[][] perms = new float[8][];
        for (int c = 0; c < 8; c++) {
            pools[c] = new int[]{0, 1, 2, 3, 4, 5, 6};
            perms[c] = new float[7];
            Arrays.fill(perms[c], 0, (int) OVERLAPS[c], 1f);
        }
        PotentialPool pool = PotentialPool.of(8, pools, perms);
        for (boolean wrap : new boolean[]{false, true}) {
            try (ReferenceBackend backend = new ReferenceBackend();
                 SpatialPooler sp = new SpatialPooler(backend, row(0.34f, wrap, 0), pool);
                 Tensor x = backend.fromArray(new float[]{1, 1, 1, 1, 1, 1, 1, 1}, 1, 8)) {
                assertTrue(sp.localInhibition());
                assertEquals(1, sp.inhibitionRadius());
                ColumnActivity a = sp.compute(x, false);
                int[] expected = wrap ? new int[]{2, 7} : new int[]{0, 2, 7};
                assertArrayEquals(OVERLAPS, a.overlaps().toFloatArray(), 0f);
                assertArrayEquals(expected, a.codes().row(0), "wrapAround " + wrap);
                float[] mask = new float[8];
                int[] list = {-1, -1, -1, -1, -1, -1, -1, -1};
                for (int i = 0; i < expected.length; i++) {
                    mask[expected[i]] = 1f;
                    list[i] = expected[i];
                }
                assertArrayEquals(mask, a.active().toFloatArray(), 0f);
                assertArrayEquals(list, a.winners().toIntArray());
                BinaryCodes encoded = sp.encode(BinaryCodes.of(8, new int[]{0, 1, 2, 3, 4, 5, 6, 7}));
                assertArrayEquals(expected, encoded.row(0), "encode picks what compute picks");
            }
        }
    }

    @Test
    void agreesWithBruteForceOnRandomGrids() {
        long seed = new Random().nextLong();
        System.out.println("LocalInhibitionTest seed " + seed);
        Random random = new Random(seed);
        for (int trial = 0; trial < 60; trial++) {
            // rank 1 to 3, odd and even sizes
            int[] dims = new int[1 + random.nextInt(3)];
            int n = 1;
            for (int d = 0; d < dims.length; d++) {
                dims[d] = 1 + random.nextInt(dims.length == 3 ? 5 : 9);
                n *= dims[d];
            }
            boolean wrap = random.nextBoolean();
            int radius = random.nextInt(6);
            float density = 0.05f + 0.45f * random.nextFloat();
            int threshold = random.nextInt(3);
            SpatialPoolerConfig config = SpatialPoolerConfig.builder().inputDimensions(dims).columnDimensions(dims)
                    .potentialRadius(1).globalInhibition(false).localAreaDensity(Math.min(1f, Math.max(density, 1.5f / n)))
                    .wrapAround(wrap).stimulusThreshold(threshold).build();
            int batch = 3;
            float[] overlaps = new float[batch * n];
            for (int i = 0; i < overlaps.length; i++) {
                overlaps[i] = random.nextInt(6);
            }
            float[] boosts = new float[n];
            for (int c = 0; c < n; c++) {
                boosts[c] = random.nextInt(3) == 0 ? 1f : 0.5f + random.nextFloat();
            }
            LocalInhibition li = new LocalInhibition(config, radius);
            BinaryCodes got = li.select(overlaps, boosts, batch, new float[batch * n], new int[batch * n]);
            String what = "grid " + Arrays.toString(dims) + " radius " + radius + " wrap " + wrap + " (seed " + seed + ")";
            for (int b = 0; b < batch; b++) {
                float[] row = Arrays.copyOfRange(overlaps, b * n, (b + 1) * n);
                assertArrayEquals(bruteForce(config, radius, row, boosts), got.row(b), what);
            }
            double[] duty = new double[n];
            double[] sum = new double[n];
            double[] max = new double[n];
            for (int c = 0; c < n; c++) {
                duty[c] = random.nextDouble();
            }
            for (int c = 0; c < n; c++) {
                for (int m : neighbours(c, radius, dims, wrap, li)) {
                    sum[c] += duty[m];
                    max[c] = Math.max(max[c], duty[m]);
                }
            }
            double[] s = duty.clone();
            double[] m = duty.clone();
            li.neighbourhoods().sum(s);
            li.neighbourhoods().max(m);
            assertArrayEquals(sum, s, 1e-9, "neighbourhood sums, " + what);
            assertArrayEquals(max, m, 0, "neighbourhood maxima, " + what);
        }
    }

    /** The neighbourhood of c from {@link Topology#neighbourhood}, or every column when the radius exceeds the grid. */
    private static int[] neighbours(int c, int radius, int[] dims, boolean wrap, LocalInhibition li) {
        int[] hood = Topology.neighbourhood(c, radius, dims, wrap);
        assertEquals(hood.length, li.neighbourhoods().size(c), "neighbourhood size of column " + c);
        return hood;
    }

    /** The rule of the class comment, read literally. */
    private static int[] bruteForce(SpatialPoolerConfig config, int radius, float[] overlaps, float[] boosts) {
        int[] dims = config.columnDimensions();
        int n = overlaps.length;
        int maxDim = Arrays.stream(dims).max().orElseThrow();
        boolean global = radius > maxDim;
        float density = config.localAreaDensity();
        int[] out = new int[n];
        int count = 0;
        for (int c = 0; c < n; c++) {
            if (!(overlaps[c] > config.stimulusThreshold())) {
                continue;
            }
            int[] hood = global ? java.util.stream.IntStream.range(0, n).toArray()
                    : Topology.neighbourhood(c, radius, dims, config.wrapAround());
            int desired = global ? config.numActiveColumns() : (int) (0.5f + density * hood.length);
            float mine = overlaps[c] * boosts[c];
            int beaten = 0;
            for (int m : hood) {
                if (m == c || !(overlaps[m] > config.stimulusThreshold())) {
                    continue;
                }
                float theirs = overlaps[m] * boosts[m];
                if (theirs > mine || (theirs == mine && m < c)) {
                    beaten++;
                }
            }
            if (beaten < desired) {
                out[count++] = c;
            }
        }
        return Arrays.copyOf(out, count);
    }
}
