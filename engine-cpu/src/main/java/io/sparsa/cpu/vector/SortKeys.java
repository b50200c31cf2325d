package io.sparsa.cpu.vector;

/**
 * Maps float scores to ints whose signed order is the float order, so that selection can work on
 * integers (radix digits, plain comparisons). Adding {@code 0.0f} first turns {@code -0.0} into
 * {@code 0.0}: the reference compares scores with {@code >}, under which the two zeros tie.
 */
public final class SortKeys {
    private SortKeys() {
    }

    /** The key of one score; NaN maps above or below every number and must be rejected first. */
    public static int of(float score) {
        int bits = Float.floatToRawIntBits(score + 0.0f);
        // Negative floats order backwards as integers: flipping their magnitude bits fixes that.
        return bits ^ ((bits >> 31) & 0x7FFFFFFF);
    }

    /** The score a key stands for ({@code of(score(key)) == key}; a zero comes back as {@code 0.0}). */
    public static float score(int key) {
        return Float.intBitsToFloat(key ^ ((key >> 31) & 0x7FFFFFFF));
    }
}
