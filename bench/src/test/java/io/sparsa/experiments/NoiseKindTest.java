package io.sparsa.experiments;

import io.sparsa.data.GaussianNoise;
import io.sparsa.data.PaperPixelNoise;
import io.sparsa.experiments.noise.NoiseKind;
import io.sparsa.experiments.noise.NoiseResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoiseKindTest {
    @Test
    void levelsAreThePapersAndTheIssues() {
        assertEquals(List.of(0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5), NoiseKind.PAPER.defaultLevels());
        assertEquals(List.of(0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8), NoiseKind.GAUSSIAN.defaultLevels());
        assertInstanceOf(PaperPixelNoise.class, NoiseKind.PAPER.transform(0.1));
        assertEquals(0.3, ((GaussianNoise) NoiseKind.GAUSSIAN.transform(0.3)).sigma());
    }

    @Test
    void parsing() {
        assertEquals(NoiseKind.GAUSSIAN, NoiseKind.parse(" Gaussian"));
        assertEquals(List.of(0.0, 0.25, 1.0), NoiseKind.PAPER.parseLevels("0, 0.25,1"));
        assertEquals(List.of(2.5), NoiseKind.GAUSSIAN.parseLevels("2.5"));
        assertEquals(NoiseKind.PAPER.defaultLevels(), NoiseKind.PAPER.parseLevels(null));
        for (String bad : new String[]{"", "0.1,", "x", "1.01", "-0.1", "NaN", "0.2,0.2"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NoiseKind.PAPER.parseLevels(bad), bad);
            assertTrue(e.getMessage().startsWith("--levels"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> NoiseKind.GAUSSIAN.parseLevels("Infinity"));
        assertThrows(IllegalArgumentException.class, () -> NoiseKind.parse("salt-and-pepper"));
    }

    @Test
    void noiseScoreIsTheSumOfCorrectAnswers() {
        NoiseResult r = new NoiseResult(NoiseKind.PAPER, List.of(0.0, 0.1, 0.2), new int[]{90, 70, 41}, 100);
        assertEquals(201, r.score());
        assertEquals(300, r.max());
        assertEquals(0.67, r.fraction(), 1e-12);
        assertEquals(0.7, r.accuracy(1), 1e-12);
        assertThrows(IllegalArgumentException.class,
                () -> new NoiseResult(NoiseKind.PAPER, List.of(0.0), new int[]{1, 2}, 10));
    }
}
