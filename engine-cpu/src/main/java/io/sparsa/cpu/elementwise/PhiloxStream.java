package io.sparsa.cpu.elementwise;

/**
 * Philox4x32-10 without allocation: the same numbers as {@link io.sparsa.random.Philox#uniform},
 * produced four at a time (one counter block gives the words of four consecutive elements).
 * Dropout masks must match every other backend bit for bit, so the tests compare the two.
 */
final class PhiloxStream {
    private static final int M0 = 0xD2511F53;
    private static final int M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;

    private final int key0;
    private final int key1;
    private long block = -1;
    private int w0;
    private int w1;
    private int w2;
    private int w3;

    PhiloxStream(long seed) {
        this.key0 = (int) seed;
        this.key1 = (int) (seed >>> 32);
    }

    /** The uniform float in {@code [0, 1)} of element {@code index}. */
    float uniform(long index) {
        long b = index >>> 2;
        if (b != block) {
            generate(b);
        }
        int word;
        switch ((int) (index & 3)) {
            case 0:
                word = w0;
                break;
            case 1:
                word = w1;
                break;
            case 2:
                word = w2;
                break;
            default:
                word = w3;
                break;
        }
        return (word >>> 8) * 0x1.0p-24f;
    }

    /** Ten rounds on counter {@code {lo32(b), hi32(b), 0, 0}}. */
    private void generate(long b) {
        int c0 = (int) b;
        int c1 = (int) (b >>> 32);
        int c2 = 0;
        int c3 = 0;
        int k0 = key0;
        int k1 = key1;
        for (int r = 0; r < 10; r++) {
            if (r > 0) {
                k0 += W0;
                k1 += W1;
            }
            long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
            long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            c1 = (int) p1;
            c3 = (int) p0;
            c0 = n0;
            c2 = n2;
        }
        w0 = c0;
        w1 = c1;
        w2 = c2;
        w3 = c3;
        block = b;
    }
}
