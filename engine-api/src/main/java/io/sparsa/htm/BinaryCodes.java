package io.sparsa.htm;

import java.util.Arrays;

/**
 * Rows of sparse binary codes on the host: row {@code r} is the ascending list of its active bits
 * {@code bits[offsets[r] .. offsets[r + 1])}, each in {@code [0, width)}. Binarised images (the
 * spatial pooler's input) and sets of active columns (its output, the k-NN classifier's input)
 * both take this form; a row may have any number of active bits, none included.
 */
public final class BinaryCodes {
    private final int width;
    private final int[] offsets;
    private final int[] bits;

    /**
     * @param width   number of bits per code, >= 1
     * @param offsets {@code rows + 1} non-decreasing offsets, first 0, last {@code bits.length} (not copied)
     * @param bits    the active bits of every row, strictly ascending within a row (not copied)
     */
    public BinaryCodes(int width, int[] offsets, int[] bits) {
        if (width < 1) {
            throw new IllegalArgumentException("code width must be >= 1, got " + width);
        }
        if (offsets == null || offsets.length < 1 || offsets[0] != 0 || offsets[offsets.length - 1] != bits.length) {
            throw new IllegalArgumentException("offsets must start at 0 and end at the number of bits (" + bits.length
                    + "), got " + (offsets == null ? "null" : offsets.length == 0 ? "[]"
                    : "[" + offsets[0] + " .. " + offsets[offsets.length - 1] + "]"));
        }
        for (int r = 0; r + 1 < offsets.length; r++) {
            if (offsets[r + 1] < offsets[r]) {
                throw new IllegalArgumentException("offsets must be non-decreasing, but offset " + (r + 1) + " = "
                        + offsets[r + 1] + " < offset " + r + " = " + offsets[r]);
            }
            for (int e = offsets[r]; e < offsets[r + 1]; e++) {
                int b = bits[e];
                if (b < 0 || b >= width) {
                    throw new IllegalArgumentException("row " + r + " has bit " + b + ", expected one in [0, " + width + ")");
                }
                if (e > offsets[r] && b <= bits[e - 1]) {
                    throw new IllegalArgumentException("row " + r + " lists bits out of ascending order or twice: "
                            + bits[e - 1] + " then " + b);
                }
            }
        }
        this.width = width;
        this.offsets = offsets;
        this.bits = bits;
    }

    /** Codes from one ascending bit list per row (copied). */
    public static BinaryCodes of(int width, int[]... rows) {
        int[] offsets = new int[rows.length + 1];
        for (int r = 0; r < rows.length; r++) {
            offsets[r + 1] = offsets[r] + rows[r].length;
        }
        int[] bits = new int[offsets[rows.length]];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, bits, offsets[r], rows[r].length);
        }
        return new BinaryCodes(width, offsets, bits);
    }

    /**
     * Codes from dense rows: bit {@code i} of row {@code r} is active when
     * {@code values[r * width + i] > threshold}.
     */
    public static BinaryCodes fromDense(float[] values, int width, float threshold) {
        if (width < 1 || values.length % width != 0) {
            throw new IllegalArgumentException("dense values of length " + values.length
                    + " are not whole rows of width " + width);
        }
        int rows = values.length / width;
        int count = 0;
        for (float v : values) {
            if (v > threshold) {
                count++;
            }
        }
        int[] offsets = new int[rows + 1];
        int[] bits = new int[count];
        int e = 0;
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < width; i++) {
                if (values[r * width + i] > threshold) {
                    bits[e++] = i;
                }
            }
            offsets[r + 1] = e;
        }
        return new BinaryCodes(width, offsets, bits);
    }

    /** Bits per code. */
    public int width() {
        return width;
    }

    /** Number of codes. */
    public int rows() {
        return offsets.length - 1;
    }

    /** Number of active bits of row {@code r}. */
    public int count(int r) {
        return offsets[r + 1] - offsets[r];
    }

    /** The active bits of row {@code r}, ascending (a copy). */
    public int[] row(int r) {
        return Arrays.copyOfRange(bits, offsets[r], offsets[r + 1]);
    }

    /** Active bit {@code j} of row {@code r}. */
    public int bit(int r, int j) {
        return bits[offsets[r] + j];
    }

    /** The largest number of active bits in rows {@code [from, to)}; 0 for an empty range. */
    public int maxCount(int from, int to) {
        int max = 0;
        for (int r = from; r < to; r++) {
            max = Math.max(max, count(r));
        }
        return max;
    }

    /** Total number of active bits over all rows. */
    public int totalBits() {
        return bits.length;
    }

    /** Rows {@code [from, to)} as dense 0/1 floats, row-major {@code [to - from, width]}. */
    public float[] dense(int from, int to) {
        checkRange(from, to);
        float[] out = new float[(to - from) * width];
        for (int r = from; r < to; r++) {
            for (int e = offsets[r]; e < offsets[r + 1]; e++) {
                out[(r - from) * width + bits[e]] = 1f;
            }
        }
        return out;
    }

    /**
     * Rows {@code [from, to)} as fixed-width (index, value) pairs, the activation form of
     * {@link io.sparsa.backend.ops.SparseOps#sparseSparseMatmul}: each row lists its active bits
     * with value 1, then fills slots {@code count .. padWidth - 1} with the indices
     * {@code width + slot} at value 0. Those lie past every bit, so they are distinct from the
     * row's own; a matrix multiplied against them should have {@code width + padWidth} rows whose
     * rows from {@code width} on are empty, so that the padding costs nothing.
     * {@code indices} and {@code values} receive {@code (to - from) * padWidth} entries.
     */
    public void padded(int from, int to, int padWidth, int[] indices, float[] values) {
        checkRange(from, to);
        if (padWidth > width || padWidth < maxCount(from, to)) {
            throw new IllegalArgumentException("pad width must lie in [" + maxCount(from, to) + ", " + width + "], got "
                    + padWidth);
        }
        for (int r = from; r < to; r++) {
            int base = (r - from) * padWidth;
            int n = count(r);
            System.arraycopy(bits, offsets[r], indices, base, n);
            Arrays.fill(values, base, base + n, 1f);
            for (int j = n; j < padWidth; j++) {
                indices[base + j] = width + j;
                values[base + j] = 0f;
            }
        }
    }

    /** Rows {@code [from, to)} as new codes (copied). */
    public BinaryCodes slice(int from, int to) {
        checkRange(from, to);
        int[] off = new int[to - from + 1];
        for (int r = from; r <= to; r++) {
            off[r - from] = offsets[r] - offsets[from];
        }
        return new BinaryCodes(width, off, Arrays.copyOfRange(bits, offsets[from], offsets[to]));
    }

    private void checkRange(int from, int to) {
        if (from < 0 || to > rows() || from > to) {
            throw new IllegalArgumentException("row range [" + from + ", " + to + ") is outside [0, " + rows() + "]");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BinaryCodes c && c.width == width && Arrays.equals(c.offsets, offsets)
                && Arrays.equals(c.bits, bits);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + Arrays.hashCode(offsets)) + Arrays.hashCode(bits);
    }

    @Override
    public String toString() {
        return "BinaryCodes(" + rows() + " rows of " + width + " bits, " + bits.length + " active)";
    }
}
