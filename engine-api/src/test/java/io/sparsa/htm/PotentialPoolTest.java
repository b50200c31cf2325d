package io.sparsa.htm;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Column centres, neighbourhoods and the random potential pools. */
class PotentialPoolTest {
    @Test
    void centresSpreadColumnsEvenlyOverTheInput() {
        int[] input = {28, 28};
        int[] columns = {64, 64};
        assertEquals(0, Topology.centre(0, columns, input));
        // column (63, 63): floor(63.5 * 28 / 64) = 27 in both dimensions
        assertEquals(27 * 28 + 27, Topology.centre(64 * 64 - 1, columns, input));
        // column (10, 33): floor(10.5 * 0.4375) = 4, floor(33.5 * 0.4375) = 14
        assertEquals(4 * 28 + 14, Topology.centre(10 * 64 + 33, columns, input));
        // more inputs than columns: column 1 of 3 over 10 inputs sits at floor(1.5 * 10 / 3) = 5
        assertEquals(5, Topology.centre(1, new int[]{3}, new int[]{10}));
    }

    @Test
    void neighbourhoodsAreCutOrWrapped() {
        int[] grid = {3, 4};
        // corner (0, 0), radius 1, cut: rows {0, 1} x cols {0, 1}
        assertArrayEquals(new int[]{0, 1, 4, 5}, Topology.neighbourhood(0, 1, grid, false));
        // wrapped: rows {2, 0, 1} (all three), cols {3, 0, 1}
        assertArrayEquals(new int[]{0, 1, 3, 4, 5, 7, 8, 9, 11}, Topology.neighbourhood(0, 1, grid, true));
        // a radius larger than the grid covers every point once, wrapped or not
        int[] all = new int[12];
        Arrays.setAll(all, i -> i);
        assertArrayEquals(all, Topology.neighbourhood(5, 9, grid, true));
        assertArrayEquals(all, Topology.neighbourhood(5, 9, grid, false));
        assertArrayEquals(new int[]{6}, Topology.neighbourhood(6, 0, grid, true));
        // coordinates and indices are row-major inverses
        assertArrayEquals(new int[]{2, 3}, Topology.coordinates(11, grid));
        assertEquals(11, Topology.index(new int[]{2, 3}, grid));
    }

    @Test
    void threadMnistPoolsCoverFourFifthsOfTheImage() {
        SpatialPoolerConfig c = SpatialPoolerConfig.threadMnist();
        PotentialPool p = PotentialPool.random(c);
        // radius 28 with wrap-around reaches all 784 pixels; round(784 * 0.8) = 627 of them
        assertEquals(627, p.width());
        assertFalse(p.padded());
        assertEquals(4096, p.numColumns());
        int[] inputs = p.inputs();
        float[] perms = p.permanences();
        long connected = 0;
        for (int col = 0; col < p.numColumns(); col++) {
            for (int e = col * 627; e < (col + 1) * 627; e++) {
                assertTrue(inputs[e] >= 0 && inputs[e] < 784);
                if (e > col * 627) {
                    assertTrue(inputs[e] > inputs[e - 1], "pool inputs ascend");
                }
                assertTrue(perms[e] >= 0f && perms[e] < 1f || perms[e] == 1f);
                connected += perms[e] >= 0.8f ? 1 : 0;
            }
        }
        // each synapse starts connected with probability 0.5
        double fraction = (double) connected / perms.length;
        assertTrue(Math.abs(fraction - 0.5) < 0.01, "connected fraction " + fraction);
    }

    @Test
    void theSeedAloneFixesThePools() {
        SpatialPoolerConfig c = SpatialPoolerConfig.builder().inputDimensions(10, 9).columnDimensions(7, 5)
                .potentialRadius(3).potentialPct(0.5f).numActiveColumnsPerInhArea(4).seed(42).build();
        PotentialPool a = PotentialPool.random(c);
        PotentialPool b = PotentialPool.random(c);
        assertArrayEquals(a.inputs(), b.inputs());
        assertArrayEquals(a.permanences(), b.permanences());
        PotentialPool other = PotentialPool.random(c.toBuilder().seed(43).build());
        assertNotEquals(Arrays.hashCode(a.inputs()), Arrays.hashCode(other.inputs()));
        // wrapped 7x7 neighbourhoods of 49 inputs, round(49 * 0.5) = 25 drawn
        assertEquals(25, a.width());
        assertFalse(a.padded());
    }

    @Test
    void permanencesStartOnTheRightSideOfTheThreshold() {
        SpatialPoolerConfig c = SpatialPoolerConfig.builder().inputDimensions(9).columnDimensions(5).potentialRadius(9)
                .potentialPct(1f).initConnectedPct(0f).synPermConnected(0.3f).localAreaDensity(0.4f).seed(11).build();
        for (float v : PotentialPool.random(c).permanences()) {
            assertTrue(v >= 0f && v < 0.3f, "not connected at start: " + v);
        }
        c = c.toBuilder().initConnectedPct(1f).build();
        for (float v : PotentialPool.random(c).permanences()) {
            assertTrue(v >= 0.3f && v <= 1f, "connected at start: " + v);
        }
    }

    @Test
    void explicitPoolsAreChecked() {
        assertThrows(IllegalArgumentException.class,
                () -> PotentialPool.of(4, new int[][]{{1, 1}}, new float[][]{{0.1f, 0.2f}}), "repeated input");
        assertThrows(IllegalArgumentException.class,
                () -> PotentialPool.of(4, new int[][]{{1, 4}}, new float[][]{{0.1f, 0.2f}}), "input out of range");
        assertThrows(IllegalArgumentException.class,
                () -> PotentialPool.of(4, new int[][]{{1}}, new float[][]{{1.5f}}), "permanence above 1");
        assertThrows(IllegalArgumentException.class,
                () -> PotentialPool.of(4, new int[][]{{1, 2}}, new float[][]{{0.5f}}), "missing permanence");
        assertThrows(IllegalArgumentException.class,
                () -> PotentialPool.of(4, new int[][]{{}}, new float[][]{{}}), "every pool empty");
    }
}
