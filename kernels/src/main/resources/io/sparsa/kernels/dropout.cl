/*
 * Inverted dropout with the Philox4x32-10 counter-based generator, bit-exact with
 * io.sparsa.random.Philox. Contract: io.sparsa.backend.ops.NormOps#dropout.
 */

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u

/* Word `word` (0..3) of Philox4x32-10 for counter {c0, c1, 0, 0} and key {k0, k1}. */
DEVICE_FN u32 philox_word(u32 c0, u32 c1, u32 k0, u32 k1, int word) {
    u32 c2 = 0u;
    u32 c3 = 0u;
    for (int r = 0; r < 10; r++) {
        if (r > 0) {
            k0 += PHILOX_W0;
            k1 += PHILOX_W1;
        }
        u64 p0 = (u64) PHILOX_M0 * (u64) c0;
        u64 p1 = (u64) PHILOX_M1 * (u64) c2;
        u32 n0 = (u32) (p1 >> 32) ^ c1 ^ k0;
        u32 n2 = (u32) (p0 >> 32) ^ c3 ^ k1;
        c0 = n0;
        c1 = (u32) p1;
        c2 = n2;
        c3 = (u32) p0;
    }
    return word == 0 ? c0 : (word == 1 ? c1 : (word == 2 ? c2 : c3));
}

/*
 * dropout(x, y, mask, count, p, keepScale, seedLo, seedHi, offsetLo, offsetHi)
 *   Element i draws u = (bits >> 8) * 2^-24 from Philox at stream index offset + i (64-bit, passed
 *   as two 32-bit halves, as is the seed); kept when u >= p: mask = keepScale (1 / (1 - p)),
 *   else 0; y = x * mask.
 * Launch: global >= count (any local size).
 */
KERNEL dropout(const GLOBAL float* x, GLOBAL float* y, GLOBAL float* mask, int count, float p, float keepScale,
               u32 seedLo, u32 seedHi, u32 offsetLo, u32 offsetHi) {
    int i = GID_X;
    if (i >= count) {
        return;
    }
    u64 index = (((u64) offsetHi << 32) | (u64) offsetLo) + (u64) i;
    u64 block = index >> 2;
    u32 bits = philox_word((u32) block, (u32) (block >> 32), seedLo, seedHi, (int) (index & 3u));
    float u = (float) (bits >> 8) * 5.9604644775390625e-8f;
    float m = u >= p ? keepScale : 0.0f;
    mask[i] = m;
    y[i] = x[i] * m;
}
