/*
 * Inverted dropout with the Philox4x32-10 counter-based generator, bit-exact with
 * io.sparsa.random.Philox. Contract: io.sparsa.backend.ops.NormOps#dropout.
 */

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u

/* The four words of Philox4x32-10 for counter {c0, c1, 0, 0} and key {k0, k1}. */
DEVICE_FN void philox_block(u32 c0, u32 c1, u32 k0, u32 k1, u32* words) {
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
    words[0] = c0;
    words[1] = c1;
    words[2] = c2;
    words[3] = c3;
}

/*
 * dropout(x, y, mask, count, p, keepScale, seedLo, seedHi, offsetLo, offsetHi)
 *   Element i draws u = (bits >> 8) * 2^-24 from Philox at stream index offset + i (64-bit, passed
 *   as two 32-bit halves, as is the seed); kept when u >= p: mask = keepScale (1 / (1 - p)),
 *   else 0; y = x * mask. One Philox block yields 4 words, so work-item t computes block
 *   offset / 4 + t and serves the (up to 4) elements of that block that lie in [0, count).
 * Launch: global >= (offset % 4 + count + 3) / 4 (any local size).
 */
KERNEL dropout(const GLOBAL float* x, GLOBAL float* y, GLOBAL float* mask, int count, float p, float keepScale,
               u32 seedLo, u32 seedHi, u32 offsetLo, u32 offsetHi) {
    u64 offset = ((u64) offsetHi << 32) | (u64) offsetLo;
    /* Unsigned 64-bit arithmetic wraps as Java's long does in Philox.bits(seed, offset + i); the
       counter is the block of the wrapped index, hence the mask to 62 bits. */
    u64 block = (offset >> 2) + (u64) GID_X;
    u64 counter = block & 0x3FFFFFFFFFFFFFFFul;
    u32 words[4];
    philox_block((u32) counter, (u32) (counter >> 32), seedLo, seedHi, words);
    for (int w = 0; w < 4; w++) {
        u64 element = ((block << 2) + (u64) w) - offset;
        if (element < (u64) count) {
            int i = (int) element;
            float u = (float) (words[w] >> 8) * 5.9604644775390625e-8f;
            float m = u >= p ? keepScale : 0.0f;
            mask[i] = m;
            y[i] = x[i] * m;
        }
    }
}
