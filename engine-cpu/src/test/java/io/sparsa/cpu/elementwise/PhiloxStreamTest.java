package io.sparsa.cpu.elementwise;

import io.sparsa.cpu.TestRandom;
import io.sparsa.random.Philox;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The allocation-free Philox stream draws exactly what {@link Philox#uniform} draws. */
class PhiloxStreamTest {
    @Test
    void matchesTheReferenceGenerator() {
        Random random = TestRandom.create("PhiloxStreamTest");
        for (int trial = 0; trial < 50; trial++) {
            long seed = random.nextLong();
            long start = trial < 25 ? random.nextInt(1000) : random.nextLong() >>> 2;
            PhiloxStream stream = new PhiloxStream(seed);
            for (long i = start; i < start + 37; i++) {
                assertEquals(Float.floatToIntBits(Philox.uniform(seed, i)), Float.floatToIntBits(stream.uniform(i)),
                        "seed " + seed + " element " + i);
            }
            // Jumping back and forth must not reuse a stale block.
            assertEquals(Philox.uniform(seed, start + 2), stream.uniform(start + 2));
            assertEquals(Philox.uniform(seed, 5), stream.uniform(5));
        }
    }
}
