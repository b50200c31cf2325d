package io.sparsa.htm;

import io.sparsa.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;

import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpatialPoolerConfigTest {
    @Test
    void threadMnistPresetHasTheReportedValues() {
        SpatialPoolerConfig c = SpatialPoolerConfig.preset("Thread-MNIST");
        assertArrayEquals(new int[]{28, 28}, c.inputDimensions());
        assertArrayEquals(new int[]{64, 64}, c.columnDimensions());
        assertEquals(28, c.potentialRadius());
        assertEquals(0.8f, c.potentialPct());
        assertTrue(c.globalInhibition());
        assertEquals(240, c.numActiveColumnsPerInhArea());
        assertEquals(240, c.numActiveColumns());
        assertTrue(c.wrapAround());
        assertEquals(0, c.stimulusThreshold());
        assertEquals(0f, c.synPermInactiveDec());
        assertEquals(0f, c.synPermActiveInc());
        assertFalse(c.learnsPermanences());
        assertEquals(0.8f, c.synPermConnected());
        assertEquals(0.08f, c.synPermBelowStimulusInc(), 1e-7f);
        assertEquals(0.001f, c.minPctOverlapDutyCycle());
        assertEquals(100, c.dutyCyclePeriod());
        assertEquals(1.0f, c.boostStrength());
        assertEquals(7777, c.seed());
        assertEquals(784, c.numInputs());
        assertEquals(4096, c.numColumns());
        assertEquals(240f / 4096, c.targetDensity(), 1e-9f);
        assertEquals(c, c.toBuilder().build());
    }

    @Test
    void densityOrCountButNotBoth() {
        SpatialPoolerConfig d = SpatialPoolerConfig.builder().columnDimensions(10, 10).localAreaDensity(0.057f).build();
        assertEquals(5, d.numActiveColumns(), "floor(0.057 * 100)");
        assertEquals(0.05f, d.targetDensity(), 1e-7f);
        SpatialPoolerConfig k = d.toBuilder().numActiveColumnsPerInhArea(7).build();
        assertEquals(0f, k.localAreaDensity(), "setting the count clears the density");
        assertEquals(7, k.numActiveColumns());
    }

    @Test
    void localInhibitionIsAccepted() {
        SpatialPoolerConfig c = SpatialPoolerConfig.builder().globalInhibition(false).localAreaDensity(0.1f).build();
        assertFalse(c.globalInhibition());
        assertEquals(c, c.toBuilder().build(), "the flag survives toBuilder");
    }

    @Test
    void badValuesNameTheParameter() {
        rejects(b -> b.inputDimensions(28, 28).columnDimensions(64), "same number of dimensions");
        rejects(b -> b.inputDimensions(28, 0), "inputDimensions");
        rejects(b -> b.potentialRadius(-1), "potentialRadius");
        rejects(b -> b.potentialPct(0f), "potentialPct");
        rejects(b -> b.potentialPct(1.5f), "potentialPct");
        rejects(b -> b.numActiveColumnsPerInhArea(64 * 64 + 1), "numActiveColumnsPerInhArea");
        rejects(b -> b.localAreaDensity(0.0001f), "localAreaDensity");
        rejects(b -> b.stimulusThreshold(-1), "stimulusThreshold");
        rejects(b -> b.synPermActiveInc(-0.1f), "synPermActiveInc");
        rejects(b -> b.synPermInactiveDec(2f), "synPermInactiveDec");
        rejects(b -> b.synPermConnected(0f), "synPermConnected");
        rejects(b -> b.minPctOverlapDutyCycle(-1f), "minPctOverlapDutyCycle");
        rejects(b -> b.dutyCyclePeriod(0), "dutyCyclePeriod");
        rejects(b -> b.boostStrength(100f), "boostStrength");
        rejects(b -> b.boostStrength(Float.NaN), "boostStrength");
        rejects(b -> b.initConnectedPct(1.1f), "initConnectedPct");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpatialPoolerConfig.preset("x"));
        assertTrue(e.getMessage().contains(SpatialPoolerConfig.THREAD_MNIST), e.getMessage());
    }

    @Test
    void aThresholdAboveTheSmallestPoolIsRefused() {
        SpatialPoolerConfig c = SpatialPoolerConfig.builder().inputDimensions(6).columnDimensions(6).potentialRadius(1)
                .potentialPct(1f).wrapAround(false).numActiveColumnsPerInhArea(1).stimulusThreshold(2).build();
        try (ReferenceBackend b = new ReferenceBackend()) {
            // the end column's pool has 2 inputs, so it could never exceed 2
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SpatialPooler(b, c));
            assertTrue(e.getMessage().contains("stimulusThreshold"), e.getMessage());
            assertEquals(0, b.liveAllocations());
        }
    }

    private static void rejects(UnaryOperator<SpatialPoolerConfig.Builder> change, String named) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> change.apply(SpatialPoolerConfig.builder().numActiveColumnsPerInhArea(40)).build());
        assertTrue(e.getMessage().contains(named), "message should name " + named + ": " + e.getMessage());
    }
}
