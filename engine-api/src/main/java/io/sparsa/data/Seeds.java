package io.sparsa.data;

/**
 * Derives independent 64-bit seeds from a run's seed and a few integers (an epoch, a sample
 * index), so a random choice depends only on what it is for and never on the order in which
 * earlier choices were drawn. Mixing uses the SplitMix64 finaliser (Steele, Lea and Flood,
 * "Fast splittable pseudorandom number generators", OOPSLA 2014).
 */
public final class Seeds {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    /** A seed for the stream identified by {@code seed} and {@code parts}. */
    public static long derive(long seed, long... parts) {
        long h = mix(seed + GOLDEN_GAMMA);
        for (long p : parts) {
            h = mix(h ^ mix(p + GOLDEN_GAMMA));
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
