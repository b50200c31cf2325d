package io.sparsa.htm;

import io.sparsa.reference.ReferenceBackend;
import io.sparsa.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 6-input, 4-column pooler worked out by hand (connected threshold 0.5):
 * <pre>
 * column 0: pool {0, 1, 2}, permanences {0.6, 0.4, 0.7}   connected {0, 2}
 * column 1: pool {1, 2, 3}, permanences {0.5, 0.5, 0.1}   connected {1, 2}
 * column 2: pool {2, 3, 4}, permanences {0.9, 0.2, 0.55}  connected {2, 4}
 * column 3: pool {3, 4, 5}, permanences {0.3, 0.3, 0.3}   connected {}
 * </pre>
 * Input {0, 2, 4} has overlaps {2, 1, 2, 0}.
 */
class SpatialPoolerHandComputedTest {
    private static final float EPS = 1e-6f;
    private static final int[] INPUT = {0, 2, 4};

    private ReferenceBackend backend;

    @BeforeEach
    void start() {
        backend = new ReferenceBackend();
    }

    @AfterEach
    void stop() {
        assertEquals(0, backend.liveAllocations(), "every tensor of the test must be closed");
        backend.close();
    }

    private static PotentialPool pool() {
        return PotentialPool.of(6,
                new int[][]{{0, 1, 2}, {1, 2, 3}, {2, 3, 4}, {3, 4, 5}},
                new float[][]{{0.6f, 0.4f, 0.7f}, {0.5f, 0.5f, 0.1f}, {0.9f, 0.2f, 0.55f}, {0.3f, 0.3f, 0.3f}});
    }

    private static SpatialPoolerConfig.Builder config() {
        return SpatialPoolerConfig.builder().inputDimensions(6).columnDimensions(4).potentialRadius(1)
                .potentialPct(1f).numActiveColumnsPerInhArea(2).stimulusThreshold(0)
                .synPermActiveInc(0.1f).synPermInactiveDec(0.05f).synPermConnected(0.5f)
                .minPctOverlapDutyCycle(0.1f).dutyCyclePeriod(10).boostStrength(2f);
    }

    private Tensor input(int... bits) {
        return backend.fromArray(BinaryCodes.of(6, bits).dense(0, 1), 1, 6);
    }

    @Test
    void overlapsAndWinners() {
        try (SpatialPooler sp = new SpatialPooler(backend, config().build(), pool());
             Tensor x = input(INPUT)) {
            ColumnActivity a = sp.compute(x, false);
            assertArrayEquals(new float[]{2, 1, 2, 0}, a.overlaps().toFloatArray());
            assertArrayEquals(new float[]{1, 0, 1, 0}, a.active().toFloatArray());
            assertArrayEquals(new int[]{0, 2}, a.codes().row(0));
            assertArrayEquals(new int[]{2, 2, 2, 0}, sp.connectedCounts());
            assertEquals(0, sp.samplesLearned(), "compute without learning learns nothing");
        }
    }

    @Test
    void tiesGoToTheLowerColumn() {
        // columns 0 and 2 both have overlap 2; one winner
        try (SpatialPooler sp = new SpatialPooler(backend, config().numActiveColumnsPerInhArea(1).build(), pool());
             Tensor x = input(INPUT)) {
            assertArrayEquals(new int[]{0}, sp.compute(x, false).codes().row(0));
        }
    }

    @Test
    void columnsAtOrBelowTheStimulusThresholdNeverWin() {
        // threshold 1: only overlaps 2 (columns 0 and 2) exceed it, so 2 of the 3 wanted columns win.
        // At start-up column 3 is raised to 2 connected synapses: its second-largest permanence 0.3
        // needs 0.2 more, so all three become 0.5 (+ margin) and connect.
        try (SpatialPooler sp = new SpatialPooler(backend,
                config().numActiveColumnsPerInhArea(3).stimulusThreshold(1).build(), pool());
             Tensor x = input(INPUT)) {
            float m = SpatialPooler.RAISE_MARGIN;
            assertArrayEquals(new float[]{0.6f, 0.4f, 0.7f, 0.5f, 0.5f, 0.1f, 0.9f, 0.2f, 0.55f,
                    0.5f + m, 0.5f + m, 0.5f + m}, sp.permanences(), EPS);
            assertArrayEquals(new int[]{2, 2, 2, 3}, sp.connectedCounts());
            ColumnActivity a = sp.compute(x, false);
            assertArrayEquals(new float[]{2, 1, 2, 1}, a.overlaps().toFloatArray());
            assertArrayEquals(new int[]{0, 2}, a.codes().row(0));
            assertArrayEquals(new float[]{1, 0, 1, 0}, a.active().toFloatArray());
            assertEquals(3, a.winners().dim(1), "k-winners still picks k; the ineligible pick is dropped");
        }
    }

    @Test
    void twoLearningStepsWithDutyCyclesBumpAndBoost() {
        try (SpatialPooler sp = new SpatialPooler(backend, config().build(), pool());
             Tensor x = input(INPUT)) {
            // step 1: winners 0 and 2 (boost factors are still 1)
            ColumnActivity a = sp.compute(x, true);
            assertArrayEquals(new float[]{2, 1, 2, 0}, a.overlaps().toFloatArray());
            assertArrayEquals(new int[]{0, 2}, a.codes().row(0));
            // columns 0 and 2 learn: +0.1 on inputs 0, 2, 4, -0.05 elsewhere, clipped at 1;
            // column 3 never overlapped: duty 0 < 0.1 * max duty 1, so it is bumped by 0.5 / 10
            assertArrayEquals(new float[]{0.7f, 0.35f, 0.8f, 0.5f, 0.5f, 0.1f, 1.0f, 0.15f, 0.65f,
                    0.35f, 0.35f, 0.35f}, sp.permanences(), EPS);
            // period min(10, 1) = 1: the duty cycles are this step's activity
            assertArrayEquals(new float[]{1, 1, 1, 0}, sp.overlapDutyCycles(), EPS);
            assertArrayEquals(new float[]{1, 0, 1, 0}, sp.activeDutyCycles(), EPS);
            // boost = exp((2/4 - activeDuty) * 2)
            float e = (float) Math.E;
            assertArrayEquals(new float[]{1 / e, e, 1 / e, e}, sp.boostFactors(), EPS);

            // step 2, same input: overlaps {2, 1, 2, 0}, boosted {0.74, 2.72, 0.74, -}: the boost
            // lets column 1 win, and column 0 beats column 2 on the tie
            a = sp.compute(x, true);
            assertArrayEquals(new float[]{2, 1, 2, 0}, a.overlaps().toFloatArray());
            assertArrayEquals(new int[]{0, 1}, a.codes().row(0));
            assertArrayEquals(new float[]{0.8f, 0.3f, 0.9f, 0.45f, 0.6f, 0.05f, 1.0f, 0.15f, 0.65f,
                    0.4f, 0.4f, 0.4f}, sp.permanences(), EPS);
            // period 2: duty = (duty * 1 + now) / 2
            assertArrayEquals(new float[]{1, 1, 1, 0}, sp.overlapDutyCycles(), EPS);
            assertArrayEquals(new float[]{1, 0.5f, 0.5f, 0}, sp.activeDutyCycles(), EPS);
            assertArrayEquals(new float[]{1 / e, 1, 1, e}, sp.boostFactors(), EPS);
            assertEquals(2, sp.samplesLearned());
            // connected now: column 0 {0, 2}, column 1 {2}, column 2 {2, 4}, column 3 none
            assertArrayEquals(new int[]{2, 1, 2, 0}, sp.connectedCounts());
        }
    }

    @Test
    void withoutBoostingTheRawOverlapDecides() {
        try (SpatialPooler sp = new SpatialPooler(backend, config().boostStrength(0f).build(), pool());
             Tensor x = input(INPUT)) {
            sp.compute(x, true);
            assertArrayEquals(new int[]{0, 2}, sp.compute(x, true).codes().row(0));
            assertArrayEquals(new float[]{1, 1, 1, 1}, sp.boostFactors());
        }
    }

    @Test
    void miniBatchDecrementsAreRaisedBackToTheThreshold() {
        // one column, pool {0, 1, 2, 3} at 0.55 each, threshold 1 (needs 2 connected synapses).
        // The batch {0, 1}, {2, 3} makes it win twice; each input decrements the other two inputs
        // by 0.1, so all four fall to 0.45 and none is connected; the raise lifts all four by
        // 0.5 - 0.45 (+ margin) back to the threshold.
        SpatialPoolerConfig c = SpatialPoolerConfig.builder().inputDimensions(4).columnDimensions(1)
                .numActiveColumnsPerInhArea(1).stimulusThreshold(1).synPermActiveInc(0f).synPermInactiveDec(0.1f)
                .synPermConnected(0.5f).dutyCyclePeriod(10).build();
        PotentialPool p = PotentialPool.of(4, new int[][]{{0, 1, 2, 3}},
                new float[][]{{0.55f, 0.55f, 0.55f, 0.55f}});
        try (SpatialPooler sp = new SpatialPooler(backend, c, p);
             Tensor x = backend.fromArray(BinaryCodes.of(4, new int[]{0, 1}, new int[]{2, 3}).dense(0, 2), 2, 4)) {
            ColumnActivity a = sp.compute(x, true);
            assertArrayEquals(new float[]{2, 2}, a.overlaps().toFloatArray());
            float[] perms = sp.permanences();
            for (float v : perms) {
                assertTrue(v >= 0.5f && v <= 0.5f + 2 * SpatialPooler.RAISE_MARGIN, "raised permanence " + v);
            }
            assertArrayEquals(new int[]{4}, sp.connectedCounts());
        }
    }

    @Test
    void paddedPoolsNeverConnect() {
        // radius 1 without wrap-around: the end columns see 2 inputs, the others 3
        SpatialPoolerConfig c = SpatialPoolerConfig.builder().inputDimensions(5).columnDimensions(5).potentialRadius(1)
                .potentialPct(1f).initConnectedPct(1f).wrapAround(false).numActiveColumnsPerInhArea(5).synPermConnected(0.2f)
                .synPermActiveInc(0.5f).synPermInactiveDec(0f).minPctOverlapDutyCycle(1f).seed(3).build();
        PotentialPool p = PotentialPool.random(c);
        assertEquals(3, p.width());
        assertTrue(p.padded());
        assertArrayEquals(new int[]{0, 1}, p.pool(0));
        assertArrayEquals(new int[]{1, 2, 3}, p.pool(2));
        assertArrayEquals(new int[]{3, 4}, p.pool(4));
        // padding takes the lowest inputs outside the pool, merged in ascending order
        int[] inputs = p.inputs();
        assertArrayEquals(new int[]{0, 1, 2}, java.util.Arrays.copyOfRange(inputs, 0, 3));
        assertArrayEquals(new int[]{0, 3, 4}, java.util.Arrays.copyOfRange(inputs, 12, 15));
        float[] real = p.real();
        assertArrayEquals(new float[]{1, 1, 0}, java.util.Arrays.copyOfRange(real, 0, 3));
        assertArrayEquals(new float[]{0, 1, 1}, java.util.Arrays.copyOfRange(real, 12, 15));
        try (SpatialPooler sp = new SpatialPooler(backend, c, p);
             Tensor x = backend.fromArray(new float[]{1, 1, 1, 1, 1}, 1, 5)) {
            for (int step = 0; step < 3; step++) {
                sp.compute(x, true);
            }
            float[] perms = sp.permanences();
            for (int e = 0; e < perms.length; e++) {
                if (real[e] == 0f) {
                    assertEquals(0f, perms[e], "padding entry " + e + " must stay at 0");
                } else {
                    assertEquals(1f, perms[e], EPS, "pool entry " + e + " learned +0.5 on an active input, clipped");
                }
            }
            assertArrayEquals(new int[]{2, 3, 3, 3, 2}, sp.connectedCounts());
        }
    }

    @Test
    void encodeMatchesCompute() {
        BinaryCodes inputs = BinaryCodes.of(6, INPUT, new int[]{}, new int[]{1, 2, 3}, new int[]{0, 1, 2, 3, 4, 5},
                new int[]{5});
        try (SpatialPooler sp = new SpatialPooler(backend, config().build(), pool());
             Tensor x = backend.fromArray(inputs.dense(0, inputs.rows()), inputs.rows(), 6)) {
            BinaryCodes viaCompute = sp.compute(x, false).codes();
            assertEquals(viaCompute, sp.encode(inputs, 2));
            assertArrayEquals(new int[]{}, viaCompute.row(1), "an empty input activates nothing");
            // {1, 2, 3}: overlaps {1, 2, 1, 0}; column 0 beats column 2 on the tie
            assertArrayEquals(new int[]{0, 1}, viaCompute.row(2));
            assertArrayEquals(new int[]{}, viaCompute.row(4), "no column exceeds the threshold");
        }
    }

    @Test
    void learnReportsActivityAndRejectsBadInputs() {
        BinaryCodes inputs = BinaryCodes.of(6, INPUT, new int[]{1, 2, 3}, INPUT);
        try (SpatialPooler sp = new SpatialPooler(backend, config().build(), pool())) {
            ActivityStats stats = sp.learn(inputs, 1);
            assertEquals(3, stats.inputs());
            assertEquals(2, stats.minActive());
            assertEquals(2.0, stats.meanActive(), 1e-12);
            assertEquals(3, sp.samplesLearned());
            assertThrows(IllegalArgumentException.class, () -> sp.learn(BinaryCodes.of(7, new int[]{1}), 1));
            assertThrows(IllegalArgumentException.class, () -> sp.learn(inputs, 11),
                    "a learning batch above dutyCyclePeriod is refused");
            try (Tensor wrong = backend.zeros(1, 5)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sp.compute(wrong, false));
                assertTrue(e.getMessage().contains("input"), e.getMessage());
            }
        }
    }
}
