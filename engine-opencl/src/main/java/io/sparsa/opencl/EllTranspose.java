package io.sparsa.opencl;

import io.sparsa.backend.ops.EllMatrix;

/**
 * The transpose of an ELL matrix in CSR form, built on the device in scratch buffers (kernels
 * {@code ell_transpose_count}, {@code ell_transpose_offsets}, {@code ell_transpose_fill}): for each
 * column, its entries by ascending row. The backward-data gathers read it, so they sum in a fixed
 * order without atomics.
 *
 * @param offsets   int [cols + 1]
 * @param rows      int [rows * nnz]: the row of each entry
 * @param positions int [rows * nnz]: the entry's flat position in the ELL arrays
 */
record EllTranspose(long offsets, long rows, long positions) {

    /** Builds the transpose of {@code w} (already checked). */
    static EllTranspose of(ClBackend b, EllMatrix w) {
        int rows = w.rows();
        int nnz = w.nnz();
        int cols = w.cols();
        ClContext ctx = b.context();
        long counts = ctx.scratch("ellT.counts", 4L * cols);
        EllTranspose t = new EllTranspose(ctx.scratch("ellT.offsets", 4L * (cols + 1)),
                ctx.scratch("ellT.rows", 4L * rows * nnz), ctx.scratch("ellT.positions", 4L * rows * nnz));
        b.launch("ell_transpose_count").buffer(w.columns()).arg(rows).arg(nnz).arg(cols).buffer(counts).items(cols);
        b.launch("ell_transpose_offsets").buffer(counts).arg(cols).buffer(t.offsets).groups(1, b.tuning().workGroup());
        b.launch("ell_transpose_fill").buffer(w.columns()).arg(rows).arg(nnz).arg(cols).buffer(t.offsets)
                .buffer(t.rows).buffer(t.positions).items(cols);
        return t;
    }
}
