package io.sparsa.random;

/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011), the
 * counter-based generator behind dropout. A counter-based generator maps (key, counter) to random
 * bits without state, so every backend, and every thread of a GPU kernel, draws the same number for
 * the same element: the GPU kernels implement exactly {@link #uniform(long, long)}.
 *
 * <p>Element {@code i} of a stream with key {@code seed} uses counter block {@code i / 4}
 * ({@code {lo32(i/4), hi32(i/4), 0, 0}}), key {@code {lo32(seed), hi32(seed)}}, and word {@code i % 4}
 * of the output; its uniform value is {@code (word >>> 8) * 2^-24}, in {@code [0, 1)}.
 */
public final class Philox {
    private static final int M0 = 0xD2511F53;
    private static final int M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    private static final int ROUNDS = 10;

    private Philox() {
    }

    /** The four 32-bit output words for counter {@code {c0, c1, c2, c3}} and key {@code {k0, k1}}. */
    public static int[] block(int c0, int c1, int c2, int c3, int k0, int k1) {
        for (int r = 0; r < ROUNDS; r++) {
            if (r > 0) {
                k0 += W0;
                k1 += W1;
            }
            long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
            long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
            int hi0 = (int) (p0 >>> 32);
            int lo0 = (int) p0;
            int hi1 = (int) (p1 >>> 32);
            int lo1 = (int) p1;
            int n0 = hi1 ^ c1 ^ k0;
            int n2 = hi0 ^ c3 ^ k1;
            c0 = n0;
            c1 = lo1;
            c2 = n2;
            c3 = lo0;
        }
        return new int[]{c0, c1, c2, c3};
    }

    /** 32 random bits for element {@code index} of the stream keyed by {@code seed}. */
    public static int bits(long seed, long index) {
        long blockIndex = index >>> 2;
        int[] out = block((int) blockIndex, (int) (blockIndex >>> 32), 0, 0, (int) seed, (int) (seed >>> 32));
        return out[(int) (index & 3)];
    }

    /** A uniform float in {@code [0, 1)} for element {@code index} of the stream keyed by {@code seed}. */
    public static float uniform(long seed, long index) {
        return (bits(seed, index) >>> 8) * 0x1.0p-24f;
    }
}
