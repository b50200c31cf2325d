package io.sparsa.htm;

import io.sparsa.random.Philox;

/**
 * A sequential stream over {@link Philox}: words {@code 0, 1, 2, ...} of the counter stream keyed
 * by the seed ({@code Philox.bits(seed, i)}). The spatial pooler draws its pools and initial
 * permanences from it, so they depend on the seed alone, not on the JDK or the backend.
 */
final class CounterRandom {
    private final int keyLo;
    private final int keyHi;
    private long counter;
    private int[] block;

    CounterRandom(long seed) {
        this.keyLo = (int) seed;
        this.keyHi = (int) (seed >>> 32);
    }

    /** The next 32 random bits; one Philox block serves four calls. */
    int nextBits() {
        long blockIndex = counter >>> 2;
        if ((counter & 3) == 0) {
            block = Philox.block((int) blockIndex, (int) (blockIndex >>> 32), 0, 0, keyLo, keyHi);
        }
        return block[(int) (counter++ & 3)];
    }

    /** Uniform in {@code [0, 1)} with 32 random bits (plenty for float32 permanences and sampling). */
    double nextDouble() {
        return (nextBits() & 0xFFFFFFFFL) * 0x1.0p-32;
    }
}
