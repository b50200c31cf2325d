package io.sparsa.cuda;

import io.sparsa.backend.ops.EllMatrix;
import io.sparsa.tensor.DType;

/**
 * The transpose of an ELL matrix's mask in CSR form: for each column, the rows keeping it in
 * ascending order and the flat ELL position of each entry. Built on the device for every
 * backward pass, so a mask changed in place can never be served stale.
 */
final class CuEllTranspose implements AutoCloseable {
    final CuTensor offsets;
    final CuTensor rows;
    final CuTensor positions;

    CuEllTranspose(CuBackend backend, EllMatrix w) {
        int entries = w.rows() * w.nnz();
        offsets = backend.scratch(DType.INT32, w.cols() + 1);
        rows = backend.scratch(DType.INT32, entries);
        positions = backend.scratch(DType.INT32, entries);
        try (CuTensor counts = backend.scratch(DType.INT32, w.cols())) {
            backend.launch(CuKernel.ELL_TRANSPOSE_COUNT).tensor(w.columns()).i32(w.rows()).i32(w.nnz()).i32(w.cols())
                    .tensor(counts).run(w.cols(), CuKernelSizes.ELEMENTWISE_GROUP);
            backend.launch(CuKernel.ELL_TRANSPOSE_OFFSETS).tensor(counts).i32(w.cols()).tensor(offsets)
                    .run(backend.sizes().wg(), backend.sizes().wg());
            backend.launch(CuKernel.ELL_TRANSPOSE_FILL).tensor(w.columns()).i32(w.rows()).i32(w.nnz()).i32(w.cols())
                    .tensor(offsets).tensor(rows).tensor(positions)
                    .run(w.cols(), CuKernelSizes.ELEMENTWISE_GROUP);
        }
    }

    @Override
    public void close() {
        offsets.close();
        rows.close();
        positions.close();
    }
}
