package io.sparsa.cuda;

import io.sparsa.backend.ops.EllMatrix;
import io.sparsa.tensor.DType;

/**
 * The transpose of an ELL matrix's mask in CSR form: for each column, the rows keeping it in
 * ascending order and the flat ELL position of each entry. Built on the device for every backward
 * pass (so a mask changed in place is never served stale) by {@code ell_transpose_count},
 * {@code _prefix}, {@code _offsets} and {@code _fill}: the rows are cut into chunks, each counted
 * and filled by one work-item into counters of its own, so no atomics are needed and the order is
 * fixed.
 */
final class CuEllTranspose implements AutoCloseable {
    /** Rows per work-item when the counters allow: small chunks, many work-items. */
    private static final int MIN_CHUNK_ROWS = 4;
    /** Cap on the per-(column, chunk) counters, in ints (16 MiB). */
    private static final long MAX_COUNTERS = 1L << 22;

    final CuTensor offsets;
    final CuTensor rows;
    final CuTensor positions;

    CuEllTranspose(CuBackend backend, EllMatrix w) {
        int rowCount = w.rows();
        int nnz = w.nnz();
        int cols = w.cols();
        long maxChunks = Math.max(1, MAX_COUNTERS / Math.max(1, cols));
        int chunks = (int) Math.max(1, Math.min((rowCount + MIN_CHUNK_ROWS - 1) / MIN_CHUNK_ROWS, maxChunks));
        int chunkRows = Math.max(1, (rowCount + chunks - 1) / chunks);
        offsets = backend.scratch(DType.INT32, cols + 1);
        rows = backend.scratch(DType.INT32, rowCount * nnz);
        positions = backend.scratch(DType.INT32, rowCount * nnz);
        try (CuTensor counts = backend.scratch(DType.INT32, cols * chunks);
             CuTensor columnCounts = backend.scratch(DType.INT32, cols)) {
            backend.zero(counts);
            backend.launch(CuKernel.ELL_TRANSPOSE_COUNT).tensor(w.columns()).i32(rowCount).i32(nnz).i32(cols)
                    .i32(chunkRows).i32(chunks).tensor(counts).run(chunks, CuKernelSizes.ELEMENTWISE_GROUP);
            backend.launch(CuKernel.ELL_TRANSPOSE_PREFIX).tensor(counts).i32(cols).i32(chunks).tensor(columnCounts)
                    .run(cols, CuKernelSizes.ELEMENTWISE_GROUP);
            backend.launch(CuKernel.ELL_TRANSPOSE_OFFSETS).tensor(columnCounts).i32(cols).tensor(offsets)
                    .run(backend.sizes().wg(), backend.sizes().wg());
            backend.launch(CuKernel.ELL_TRANSPOSE_FILL).tensor(w.columns()).i32(rowCount).i32(nnz).i32(cols)
                    .i32(chunkRows).i32(chunks).tensor(counts).tensor(offsets).tensor(rows).tensor(positions)
                    .run(chunks, CuKernelSizes.ELEMENTWISE_GROUP);
        }
    }

    @Override
    public void close() {
        offsets.close();
        rows.close();
        positions.close();
    }
}
