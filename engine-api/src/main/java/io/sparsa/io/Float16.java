package io.sparsa.io;

/** IEEE 754 half-precision decoding (Java 17 has no {@code Float.float16ToFloat}). */
final class Float16 {
    /** The bits of 1.0. */
    static final short ONE = 0x3C00;

    private Float16() {
    }

    static float toFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h >>> 15) << 31;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F80_0000 | mantissa << 13);
        }
        if (exponent == 0) {
            // Zero or subnormal: mantissa * 2^-24.
            float v = mantissa * 0x1.0p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | (exponent + 112) << 23 | mantissa << 13);
    }
}
