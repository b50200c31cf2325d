package io.sparsa.cpu.sparse;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * The full check of a CSR matrix ({@link SparseChecks#csr}), done once per matrix rather than on
 * every product: inference multiplies by the same transposed weights call after call, and the
 * check reads every entry, more than a small batch's product does. A matrix is known by its
 * column array (held weakly) together with its offsets array and sizes.
 *
 * <p>Skipping the check later is safe because the product guards what it reads (each visited
 * row's offsets, each entry's column), so a matrix edited in place after its check either still
 * gives the right sums or makes the caller {@link #recheck} it, which fails with the full check's
 * message.
 */
final class CsrValidation {
    private static final Map<int[], Checked> CHECKED = new WeakHashMap<>();

    private record Checked(int[] offsets, int rows, int nnz, int cols) {
    }

    private CsrValidation() {
    }

    /** Checks the matrix unless this very matrix passed before. */
    static void check(String name, int[] offsets, int rows, int[] columns, int nnz, int cols) {
        Checked key = new Checked(offsets, rows, nnz, cols);
        synchronized (CHECKED) {
            Checked c = CHECKED.get(columns);
            // The offsets array by identity: a record compares components with equals, which for arrays is identity.
            if (key.equals(c)) {
                return;
            }
        }
        SparseChecks.csr(name, offsets, rows, columns, nnz, cols);
        synchronized (CHECKED) {
            CHECKED.put(columns, key);
        }
    }

    /** Forgets the matrix and checks it in full (after the product found an entry it could not place). */
    static void recheck(String name, int[] offsets, int rows, int[] columns, int nnz, int cols) {
        synchronized (CHECKED) {
            CHECKED.remove(columns);
        }
        check(name, offsets, rows, columns, nnz, cols);
    }
}
