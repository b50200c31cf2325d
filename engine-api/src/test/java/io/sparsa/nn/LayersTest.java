package io.sparsa.nn;

import io.sparsa.backend.Backend;
import io.sparsa.reference.ReferenceBackend;
import io.sparsa.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each layer promises beyond its gradients: masks, initialisation, modes, state and shapes. */
class LayersTest {
    private static final long SEED = 77L;
    private static Backend backend;

    @BeforeAll
    static void start() {
        backend = new ReferenceBackend();
        System.out.println("LayersTest seed " + SEED);
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @Test
    void sparseLinearKeepsExactlyRoundedFanInPerOutputInAscendingOrder() {
        try (SparseLinear a = new SparseLinear(backend, 784, 50, 0.7, true, new Random(SEED));
             SparseLinear b = new SparseLinear(backend, 784, 50, 0.7, true, new Random(SEED));
             SparseLinear c = new SparseLinear(backend, 784, 50, 0.7, true, new Random(SEED + 1))) {
            assertEquals(235, a.keptPerOutput(), "round(0.3 * 784) = round(235.2)");
            int[] cols = a.keptColumns();
            for (int r = 0; r < 50; r++) {
                for (int j = 1; j < 235; j++) {
                    assertTrue(cols[r * 235 + j] > cols[r * 235 + j - 1], "row " + r + " ascending and distinct");
                }
            }
            assertArrayEquals(cols, b.keptColumns(), "same seed, same mask");
            assertFalse(Arrays.equals(cols, c.keptColumns()), "another seed, another mask");
            float[] dense = a.denseWeights();
            float[] mask = a.state().get(2).floats();
            int zeros = 0;
            for (int i = 0; i < dense.length; i++) {
                if (mask[i] == 1f) {
                    assertEquals(0f, dense[i]);
                    zeros++;
                }
            }
            assertEquals(50 * (784 - 235), zeros);
            // Every input column is used by some output (a uniform mask of 50 rows covers 784 columns).
            boolean[] used = new boolean[784];
            for (int col : cols) {
                used[col] = true;
            }
            int unused = 0;
            for (boolean u : used) {
                unused += u ? 0 : 1;
            }
            assertTrue(unused < 5, unused + " columns never kept");
        }
    }

    @Test
    void initialisationFollowsPyTorchDefaults() {
        try (Linear l = new Linear(backend, 400, 30, true, new Random(SEED));
             Conv2d c = new Conv2d(backend, 3, 8, 5, 1, 0, true, new Random(SEED))) {
            assertWithinBoundAndSpread(l.state().get(0).floats(), 1 / Math.sqrt(400));
            assertWithinBoundAndSpread(l.state().get(1).floats(), 1 / Math.sqrt(400));
            assertWithinBoundAndSpread(c.state().get(0).floats(), 1 / Math.sqrt(75));
        }
    }

    private static void assertWithinBoundAndSpread(float[] w, double bound) {
        double max = 0;
        double sum = 0;
        for (float v : w) {
            assertTrue(Math.abs(v) <= bound, v + " outside +-" + bound);
            max = Math.max(max, Math.abs(v));
            sum += v;
        }
        if (w.length >= 1000) {
            assertTrue(max > 0.99 * bound, "uniform over the whole range: max " + max + " of bound " + bound);
        }
        assertEquals(0, sum / w.length, bound * 0.2, "mean near 0");
    }

    @Test
    void kWinnersUsesKInTrainingAndKInferenceInEvaluation() {
        assertEquals(75, KWinnersBase.kInference(150, 50, 1.5));
        assertEquals(600, KWinnersBase.kInference(4320, 400, 1.5));
        assertEquals(10, KWinnersBase.kInference(10, 9, 1.5), "capped at n");
        assertEquals(2, KWinnersBase.kInference(10, 1, 2.5), "round(2.5) is 2, halves to even as Python");
        assertEquals(40, KWinnersBase.kFor(256, 0.156));
        try (KWinners k = KWinners.of(backend, 20, 4, 1.5, Boosting.NONE);
             Tensor x = backend.fromArray(ramp(3 * 20), 3, 20)) {
            assertEquals(4, nonZeroPerRow(k.forward(x), 20));
            k.eval();
            assertEquals(6, nonZeroPerRow(k.forward(x), 20));
            k.train(true);
            assertEquals(4, nonZeroPerRow(k.forward(x), 20));
        }
    }

    @Test
    void dutyCyclesFollowNupicsMovingAverageAndFreezeInEvaluation() {
        try (KWinners k = KWinners.of(backend, 6, 2, 1.0, new Boosting(1.0, 0.5, 5))) {
            float[] x = {5, 4, 1, 0.5f, 0.2f, 0.1f, 5, 4, 1, 0.5f, 0.2f, 0.1f, 3, 6, 1, 0.5f, 0.2f, 0.1f};
            double[] duty = new double[6];
            long seen = 0;
            for (int step = 0; step < 4; step++) {
                float[] expectedBoost = new float[6];
                for (int i = 0; i < 6; i++) {
                    expectedBoost[i] = (float) Math.exp((2.0 / 6 - duty[i]) * 1.0);
                }
                try (Tensor t = backend.fromArray(x, 3, 6)) {
                    float[] out = k.forward(t).toFloatArray();
                    seen += 3;
                    int period = (int) Math.min(5, seen);
                    for (int i = 0; i < 6; i++) {
                        int active = 0;
                        for (int b = 0; b < 3; b++) {
                            active += out[b * 6 + i] > 0 ? 1 : 0;
                        }
                        duty[i] = (duty[i] * (period - 3) + active) / period;
                    }
                }
                float[] got = k.dutyCycles();
                for (int i = 0; i < 6; i++) {
                    assertEquals(duty[i], got[i], 1e-6, "duty cycle " + i + " after step " + step);
                }
            }
            assertEquals(12, k.samplesSeen());
            k.eval();
            float[] frozen = k.dutyCycles();
            try (Tensor t = backend.fromArray(x, 3, 6)) {
                k.forward(t);
            }
            assertArrayEquals(frozen, k.dutyCycles(), "evaluation leaves duty cycles alone");
            assertEquals(1.0, k.boostStrength());
            k.updateBoostStrength();
            k.updateBoostStrength();
            assertEquals(0.25, k.boostStrength(), 1e-12);
            assertEquals(0.25f, k.state().get(0).floats()[0]);
        }
    }

    @Test
    void boostingLetsRarelyActiveUnitsWin() {
        try (KWinners k = KWinners.of(backend, 4, 1, 1.0, new Boosting(10.0, 1.0, 1000))) {
            float[] x = {1.0f, 0.9f, 0.8f, 0.7f};
            int[] wins = new int[4];
            for (int step = 0; step < 40; step++) {
                try (Tensor t = backend.fromArray(x, 1, 4)) {
                    float[] out = k.forward(t).toFloatArray();
                    for (int i = 0; i < 4; i++) {
                        wins[i] += out[i] > 0 ? 1 : 0;
                    }
                }
            }
            for (int i = 0; i < 4; i++) {
                assertTrue(wins[i] >= 5, "unit " + i + " won " + wins[i] + " of 40 times: " + Arrays.toString(wins));
            }
        }
    }

    @Test
    void kWinners2dStoresDutyCyclesAsNupicDoes() {
        try (KWinners2d global = KWinners2d.global(backend, 3, 4, 4, 10, 1.5, Boosting.DEFAULT);
             KWinners2d local = KWinners2d.local(backend, 5, 2, 1.5, Boosting.DEFAULT)) {
            assertEquals(15, global.kInference());
            assertEquals(3, local.kInference());
            assertArrayEquals(new int[]{1, 3, 1, 1}, global.state().get(1).shape());
            assertEquals("duty_cycle", global.state().get(1).name());
            assertArrayEquals(new int[0], global.state().get(0).shape());
            try (Tensor x = backend.fromArray(ramp(2 * 3 * 16), 2, 3, 4, 4)) {
                float[] out = global.forward(x).toFloatArray();
                int active = 0;
                for (float v : out) {
                    active += v != 0 ? 1 : 0;
                }
                assertEquals(20, active, "10 winners per sample");
                float[] duty = global.dutyCycles();
                double total = 0;
                for (float d : duty) {
                    total += d;
                }
                // Each channel's duty cycle is its active fraction per position: the mean over channels is k / (C*H*W).
                assertEquals(10.0 / 48 * 3, total, 1e-5);
            }
            try (Tensor x = backend.fromArray(ramp(2 * 5 * 3 * 2), 2, 5, 3, 2)) {
                float[] out = local.forward(x).toFloatArray();
                for (int b = 0; b < 2; b++) {
                    for (int p = 0; p < 6; p++) {
                        int active = 0;
                        for (int c = 0; c < 5; c++) {
                            active += out[(b * 5 + c) * 6 + p] != 0 ? 1 : 0;
                        }
                        assertEquals(2, active, "2 channels win at every position");
                    }
                }
            }
        }
    }

    @Test
    void dropoutDrawsFreshRepeatableMasksAndPassesThroughInEvaluation() {
        float[] ones = new float[1000];
        Arrays.fill(ones, 1f);
        try (Dropout a = new Dropout(backend, 0.4, 99L); Dropout b = new Dropout(backend, 0.4, 99L);
             Tensor x = backend.fromArray(ones, 10, 100)) {
            float[] first = a.forward(x).toFloatArray();
            float[] second = a.forward(x).toFloatArray();
            assertFalse(Arrays.equals(first, second), "the offset advances between calls");
            assertEquals(2000, a.offset());
            assertArrayEquals(first, b.forward(x).toFloatArray(), "same seed, same first mask");
            int kept = 0;
            for (float v : first) {
                assertTrue(v == 0f || Math.abs(v - 1 / 0.6f) < 1e-6, "kept values are scaled by 1/(1-p): " + v);
                kept += v != 0 ? 1 : 0;
            }
            assertTrue(kept > 540 && kept < 660, kept + " of 1000 kept at p = 0.4");
            a.eval();
            assertTrue(a.forward(x) == x, "evaluation returns the input itself");
        }
    }

    @Test
    void batchNormUsesRunningStatisticsInEvaluation() {
        try (BatchNorm1d bn = new BatchNorm1d(backend, 2, 1e-5, 0.5, true);
             Tensor x = backend.fromArray(new float[]{1, 10, 3, 20, 5, 30}, 3, 2)) {
            float[] y = bn.forward(x).toFloatArray();
            assertEquals(-Math.sqrt(1.5), y[0], 1e-4, "(1 - 3) / sqrt(8/3 + eps)");
            List<StateTensor> s = bn.state();
            assertArrayEquals(new float[]{1.5f, 10f}, s.get(2).floats(), 1e-5f, "running mean moved half way");
            assertArrayEquals(new float[]{0.5f + 2f, 0.5f + 50f}, s.get(3).floats(), 1e-4f, "unbiased variance");
            assertEquals(1L, s.get(4).longs()[0]);
            bn.eval();
            float[] e = bn.forward(x).toFloatArray();
            assertEquals((1 - 1.5) / Math.sqrt(2.5 + 1e-5), e[0], 1e-5);
            assertThrows(IllegalStateException.class, () -> bn.backward(x, true));
        }
    }

    @Test
    void badShapesAreReportedWithTheLayer() {
        String m = assertThrows(IllegalArgumentException.class,
                () -> Sequential.builder(backend, SEED, 1, 28, 28).linear(10)).getMessage();
        assertTrue(m.contains("layer 0") && m.contains("flatten"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> Sequential.builder(backend, SEED, 1, 28, 28).flatten().kWinners(900, 1.5, Boosting.DEFAULT)).getMessage();
        assertTrue(m.contains("layer 1") && m.contains("k=900"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> Sequential.builder(backend, SEED, 1, 4, 4).conv2d(2, 5, 1, 0)).getMessage();
        assertTrue(m.contains("smaller than the 5x5 kernel"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> Sequential.builder(backend, SEED, 10).sparseLinear(5, 0.99)).getMessage();
        assertTrue(m.contains("at least 1"), m);
        try (Linear l = new Linear(backend, 3, 2, true, new Random(SEED)); Tensor x = backend.zeros(4, 5)) {
            m = assertThrows(IllegalArgumentException.class, () -> l.forward(x)).getMessage();
            assertTrue(m.contains("[B, 3]") && m.contains("[4, 5]"), m);
        }
    }

    @Test
    void specsRebuildTheSameInitialNetwork() {
        try (Sequential a = Sequential.builder(backend, SEED, 1, 12, 12).sparseConv2d(3, 3, 1, 1, 0.5).maxPool2d(2)
                .kWinners2d(30, 1.5, Boosting.DEFAULT).flatten().linear(9).batchNorm1d().dropout(0.1).relu()
                .sparseLinear(5, 0.3).build();
             Sequential b = Sequential.fromSpecs(backend, a.inputShape(), a.specs(), SEED)) {
            assertEquals(a.specs(), b.specs());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.layer(i).state(), b.layer(i).state(), "layer " + i);
            }
            assertArrayEquals(new int[]{5}, a.outputShape());
            assertEquals(9, a.size());
        }
    }

    @Test
    void closingFreesEveryTensor() {
        long before = backend.liveAllocations();
        Sequential net = Sequential.builder(backend, SEED, 2, 6, 6).conv2d(3, 3, 1, 0).relu().flatten().linear(4).build();
        try (Tensor x = backend.fromArray(ramp(5 * 72), 5, 2, 6, 6)) {
            net.forward(x);
            net.backward(backend.fromArray(ramp(20), 5, 4));
        }
        net.close();
        net.close();
        assertEquals(before + 1, backend.liveAllocations(), "only the gradient tensor the test leaked itself is left");
        assertThrows(IllegalStateException.class, () -> net.forward(null));
    }

    @Test
    void boostStrengthDecaysForEveryKWinnersLayer() {
        try (Sequential net = Sequential.builder(backend, SEED, 20).kWinners(5, 1.5, new Boosting(1.5, 0.85, 1000))
                .linear(8).kWinners(2, 1.5, new Boosting(2.0, 0.5, 1000)).build()) {
            net.updateBoostStrength();
            assertEquals(1.5 * 0.85, ((KWinners) net.layer(0)).boostStrength(), 1e-12);
            assertEquals(1.0, ((KWinners) net.layer(2)).boostStrength(), 1e-12);
            assertNotEquals(0, net.parameterCount());
        }
    }

    private static float[] ramp(int n) {
        float[] v = new float[n];
        Random r = new Random(SEED);
        for (int i = 0; i < n; i++) {
            v[i] = 0.1f + r.nextFloat();
        }
        return v;
    }

    private static int nonZeroPerRow(Tensor t, int n) {
        float[] v = t.toFloatArray();
        int count = -1;
        for (int r = 0; r < v.length / n; r++) {
            int c = 0;
            for (int i = 0; i < n; i++) {
                c += v[r * n + i] != 0 ? 1 : 0;
            }
            if (count >= 0) {
                assertEquals(count, c, "every row has the same number of winners");
            }
            count = c;
        }
        return count;
    }
}
