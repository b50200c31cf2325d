package io.sparsa.backend;

import io.sparsa.random.Philox;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Philox4x32-10 against the known-answer vectors published with Random123 (kat_vectors), and the
 * element-to-counter mapping that the GPU dropout kernels reproduce.
 */
class PhiloxKnownAnswerTest {

    @Test
    void zeroCounterAndKey() {
        assertArrayEquals(new int[]{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, Philox.block(0, 0, 0, 0, 0, 0));
    }

    @Test
    void allOnesCounterAndKey() {
        int f = 0xffffffff;
        assertArrayEquals(new int[]{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}, Philox.block(f, f, f, f, f, f));
    }

    @Test
    void digitsOfPiCounterAndKey() {
        assertArrayEquals(new int[]{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
                Philox.block(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0));
    }

    @Test
    void elementIUsesWordIMod4OfBlockIDiv4() {
        long seed = 0x0123456789abcdefL;
        long index = (5L << 32) * 4 + 4 * 7 + 2; // block (7, 5): low and high counter words both used
        int[] block = Philox.block(7, 5, 0, 0, (int) seed, (int) (seed >>> 32));
        assertEquals(block[2], Philox.bits(seed, index));
        assertEquals((block[2] >>> 8) * 0x1.0p-24f, Philox.uniform(seed, index));
        int[] zero = Philox.block(0, 0, 0, 0, 0, 0);
        for (int i = 0; i < 4; i++) {
            assertEquals(zero[i], Philox.bits(0, i));
        }
    }

    @Test
    void uniformsLieInTheUnitInterval() {
        double sum = 0;
        int n = 10000;
        for (int i = 0; i < n; i++) {
            float u = Philox.uniform(42, i);
            assertTrue(u >= 0f && u < 1f, "uniform " + u);
            sum += u;
        }
        assertEquals(0.5, sum / n, 0.02, "mean of " + n + " uniforms");
    }
}
