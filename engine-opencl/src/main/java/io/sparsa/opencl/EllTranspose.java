package io.sparsa.opencl;

import io.sparsa.backend.ops.EllMatrix;

/**
 * The transpose of an ELL matrix in CSR form, built on the device in scratch buffers (kernels
 * {@code ell_transpose_count}, {@code _prefix}, {@code _offsets}, {@code _fill}): for each column,
 * its entries by ascending row. The backward-data gathers read it, so they sum in a fixed order
 * without atomics.
 *
 * @param offsets   int [cols + 1]
 * @param rows      int [rows * nnz]: the row of each entry
 * @param positions int [rows * nnz]: the entry's flat position in the ELL arrays
 */
record EllTranspose(long offsets, long rows, long positions) {
    /** Rows per work-item when scratch allows: small chunks, many work-items. */
    private static final int MIN_CHUNK_ROWS = 4;
    /** Cap on the per-(column, chunk) counters, in ints (16 MiB). */
    private static final long MAX_COUNTERS = 1L << 22;

    /** Builds the transpose of {@code w} (already checked). */
    static EllTranspose of(ClBackend b, EllMatrix w) {
        int rows = w.rows();
        int nnz = w.nnz();
        int cols = w.cols();
        long maxChunks = Math.max(1, MAX_COUNTERS / Math.max(1, cols));
        int chunks = (int) Math.max(1, Math.min((rows + MIN_CHUNK_ROWS - 1) / MIN_CHUNK_ROWS, maxChunks));
        int chunkRows = Math.max(1, (rows + chunks - 1) / chunks);
        ClContext ctx = b.context();
        int counters = cols * chunks;
        long counts = ctx.scratch("ellT.counts", 4L * counters);
        long columnCounts = ctx.scratch("ellT.columnCounts", 4L * cols);
        EllTranspose t = new EllTranspose(ctx.scratch("ellT.offsets", 4L * (cols + 1)),
                ctx.scratch("ellT.rows", 4L * rows * nnz), ctx.scratch("ellT.positions", 4L * rows * nnz));
        b.launch("fill_i32").buffer(counts).arg(counters).arg(0).items(counters);
        b.launch("ell_transpose_count").buffer(w.columns()).arg(rows).arg(nnz).arg(cols).arg(chunkRows).arg(chunks)
                .buffer(counts).items(chunks);
        b.launch("ell_transpose_prefix").buffer(counts).arg(cols).arg(chunks).buffer(columnCounts).items(cols);
        b.launch("ell_transpose_offsets").buffer(columnCounts).arg(cols).buffer(t.offsets)
                .groups(1, b.tuning().workGroup());
        b.launch("ell_transpose_fill").buffer(w.columns()).arg(rows).arg(nnz).arg(cols).arg(chunkRows).arg(chunks)
                .buffer(counts).buffer(t.offsets).buffer(t.rows).buffer(t.positions).items(chunks);
        return t;
    }
}
