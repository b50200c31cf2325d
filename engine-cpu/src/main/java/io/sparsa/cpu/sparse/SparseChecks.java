package io.sparsa.cpu.sparse;

/**
 * The data checks the fast sparse kernels cannot skip: an index out of range would read another
 * sample's data from a transposed buffer instead of failing, and the blocked kernels rely on
 * ascending columns; both are rejected first, with the reference backend's wording.
 */
public final class SparseChecks {
    /** Masks that passed {@link #ellColumns} (a mask edited in place is checked anew). */
    private static final MaskMemo<Boolean> CHECKED_MASKS = new MaskMemo<>();

    private SparseChecks() {
    }

    /**
     * Every ELL column in {@code [0, cols)} and strictly ascending within its row, as
     * {@link io.sparsa.backend.ops.EllMatrix} requires: the blocked kernels walk a row's entries
     * in column order. A mask that passed before and still holds the same columns is not walked
     * again (masks are remembered by array, with a copy of their columns).
     */
    public static void ellColumns(String name, int[] columns, int rows, int nnz, int cols) {
        CHECKED_MASKS.get(columns, rows, nnz, cols, () -> {
            checkEllColumns(name, columns, rows, nnz, cols);
            return Boolean.TRUE;
        });
    }

    private static void checkEllColumns(String name, int[] columns, int rows, int nnz, int cols) {
        for (int r = 0; r < rows; r++) {
            int previous = -1;
            for (int j = 0; j < nnz; j++) {
                int c = columns[r * nnz + j];
                if (c < 0 || c >= cols) {
                    throw new IllegalArgumentException("argument '" + name + ".columns': entry [" + r + ", " + j + "] is "
                            + c + ", expected a column in [0, " + cols + ")");
                }
                if (c <= previous) {
                    throw new IllegalArgumentException("argument '" + name + ".columns': row " + r
                            + " must be strictly ascending, got " + previous + " then " + c + " at entry [" + r + ", "
                            + j + "]");
                }
                previous = c;
            }
        }
    }

    /** Offsets from 0 to nnz, never decreasing; columns in {@code [0, cols)}: the reference backend's checks and wording. */
    public static void csr(String name, int[] offsets, int rows, int[] columns, int nnz, int cols) {
        if (offsets[0] != 0 || offsets[rows] != nnz) {
            throw new IllegalArgumentException("argument '" + name + ".rowOffsets' must start at 0 and end at nnz = "
                    + nnz + ", got " + offsets[0] + " ... " + offsets[rows]);
        }
        for (int r = 0; r < rows; r++) {
            if (offsets[r + 1] < offsets[r]) {
                throw new IllegalArgumentException("argument '" + name + ".rowOffsets' must not decrease, got "
                        + offsets[r] + " then " + offsets[r + 1] + " at row " + r);
            }
        }
        for (int e = 0; e < nnz; e++) {
            if (columns[e] < 0 || columns[e] >= cols) {
                throw new IllegalArgumentException("argument '" + name + ".columns': entry " + e + " is " + columns[e]
                        + ", expected a column in [0, " + cols + ")");
            }
        }
    }
}
