package io.sparsa.reference;

import io.sparsa.backend.ops.CsrMatrix;
import io.sparsa.backend.ops.EllMatrix;

/**
 * Checks of data-dependent inputs that shape checks cannot see (column indices, labels), done by
 * the reference because they are cheap there; messages name the argument and the offending entry.
 */
final class ReferenceValidation {
    private ReferenceValidation() {
    }

    /** Every row's columns in {@code [0, cols)} and strictly ascending (hence distinct). */
    static void ellColumns(String name, EllMatrix w) {
        int[] cols = ReferenceBackend.ints(w.columns());
        int nnz = w.nnz();
        for (int r = 0; r < w.rows(); r++) {
            int previous = -1;
            for (int j = 0; j < nnz; j++) {
                int c = cols[r * nnz + j];
                if (c < 0 || c >= w.cols()) {
                    throw new IllegalArgumentException("argument '" + name + ".columns': entry [" + r + ", " + j + "] is "
                            + c + ", expected a column in [0, " + w.cols() + ")");
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

    /** Offsets start at 0, never decrease and end at nnz; columns lie in {@code [0, cols)}. */
    static void csr(String name, CsrMatrix m) {
        int[] offsets = ReferenceBackend.ints(m.rowOffsets());
        int[] cols = ReferenceBackend.ints(m.columns());
        if (offsets[0] != 0 || offsets[m.rows()] != m.nnz()) {
            throw new IllegalArgumentException("argument '" + name + ".rowOffsets' must start at 0 and end at nnz = "
                    + m.nnz() + ", got " + offsets[0] + " ... " + offsets[m.rows()]);
        }
        for (int r = 0; r < m.rows(); r++) {
            if (offsets[r + 1] < offsets[r]) {
                throw new IllegalArgumentException("argument '" + name + ".rowOffsets' must not decrease, got "
                        + offsets[r] + " then " + offsets[r + 1] + " at row " + r);
            }
        }
        for (int e = 0; e < cols.length; e++) {
            if (cols[e] < 0 || cols[e] >= m.cols()) {
                throw new IllegalArgumentException("argument '" + name + ".columns': entry " + e + " is " + cols[e]
                        + ", expected a column in [0, " + m.cols() + ")");
            }
        }
    }

    /** Label {@code b}, checked to lie in {@code [0, classes)}. */
    static int label(int[] labels, int b, int classes) {
        int label = labels[b];
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException("argument 'labels': element " + b + " is " + label
                    + ", expected a class in [0, " + classes + ")");
        }
        return label;
    }
}
