package io.sparsa.htm;

import io.sparsa.conformance.TestData;
import io.sparsa.reference.ReferenceBackend;
import io.sparsa.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Global inhibition checked step by step while the pooler learns aggressively: the active columns
 * must be exactly the top k eligible columns (overlap above the stimulus threshold) by boosted
 * overlap, ties to the lower index, so k win whenever k are eligible and there is no collapse.
 */
class SpatialPoolerInhibitionTest {
    @Test
    void activeColumnsAreTheTopKEligibleByBoostedOverlapAtEveryStep() {
        TestData data = new TestData(TestData.seedFromProperties("SpatialPoolerInhibitionTest")).derive("inhibition");
        int k = 9;
        int threshold = 2;
        SpatialPoolerConfig c = SpatialPoolerConfig.builder().inputDimensions(10, 10).columnDimensions(12, 10)
                .potentialRadius(2).potentialPct(0.7f).numActiveColumnsPerInhArea(k).stimulusThreshold(threshold)
                .synPermActiveInc(0.08f).synPermInactiveDec(0.05f).synPermConnected(0.4f).boostStrength(4f)
                .minPctOverlapDutyCycle(0.2f).dutyCyclePeriod(30).seed(data.nextLong()).build();
        int steps = 150;
        int fullSteps = 0;
        int shortSteps = 0;
        try (ReferenceBackend b = new ReferenceBackend();
             SpatialPooler sp = new SpatialPooler(b, c)) {
            for (int step = 0; step < steps; step++) {
                float[] x = new float[100];
                for (int i = 0; i < 100; i++) {
                    // sparse inputs late in the run starve columns, so some steps have < k eligible
                    x[i] = data.nextInt(step < 100 ? 4 : 12) == 0 ? 1f : 0f;
                }
                float[] boost = sp.boostFactors();
                int[] active;
                float[] overlaps;
                try (Tensor input = b.fromArray(x, 1, 100)) {
                    ColumnActivity a = sp.compute(input, true);
                    overlaps = a.overlaps().toFloatArray();
                    active = a.codes().row(0);
                }
                List<Integer> eligible = new ArrayList<>();
                for (int col = 0; col < overlaps.length; col++) {
                    if (overlaps[col] > threshold) {
                        eligible.add(col);
                    }
                }
                eligible.sort((p, q) -> {
                    float sp1 = overlaps[p] * boost[p];
                    float sq = overlaps[q] * boost[q];
                    return sp1 != sq ? (sp1 > sq ? -1 : 1) : Integer.compare(p, q);
                });
                int[] expected = eligible.stream().limit(k).mapToInt(Integer::intValue).sorted().toArray();
                assertArrayEquals(expected, active, "step " + step + " (seed " + data.seed() + "): overlaps "
                        + Arrays.toString(overlaps));
                if (eligible.size() >= k) {
                    fullSteps++;
                } else {
                    shortSteps++;
                }
            }
        }
        assertTrue(fullSteps > 0, "some steps should have k eligible columns");
        System.out.println("inhibition: " + fullSteps + " steps with >= k eligible columns, " + shortSteps + " with fewer");
    }
}
