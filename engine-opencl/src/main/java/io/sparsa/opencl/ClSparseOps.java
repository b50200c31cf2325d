package io.sparsa.opencl;

import io.sparsa.backend.Checks;
import io.sparsa.backend.ops.CsrMatrix;
import io.sparsa.backend.ops.EllMatrix;
import io.sparsa.tensor.Tensor;

/** ELL sparse-weight products and the sparse-sparse product ({@code ell.cl}, {@code sparse_sparse.cl}). */
final class ClSparseOps {
    private final ClBackend b;

    ClSparseOps(ClBackend b) {
        this.b = b;
    }

    void ellMatmul(Tensor x, EllMatrix w, Tensor bias, Tensor y) {
        Checks.ellMatmul(b, x, w, bias, y);
        int batch = x.dim(0);
        b.launch("ell_matmul").buffer(x).buffer(w.columns()).buffer(w.values()).optional(bias).arg(bias != null)
                .buffer(y).arg(batch).arg(w.cols()).arg(w.rows()).arg(w.nnz()).items((long) batch * w.rows());
    }

    void ellMatmulBackwardData(Tensor dy, EllMatrix w, Tensor dx) {
        Checks.ellMatmulBackwardData(b, dy, w, dx);
        int batch = dy.dim(0);
        if ((long) batch * w.cols() == 0) {
            return;
        }
        synchronized (b.context()) {
            EllTranspose t = EllTranspose.of(b, w);
            b.launch("ell_matmul_backward_data").buffer(dy).buffer(w.values()).buffer(t.offsets()).buffer(t.rows())
                    .buffer(t.positions()).buffer(dx).arg(batch).arg(w.rows()).arg(w.cols())
                    .items((long) batch * w.cols());
        }
    }

    void ellMatmulBackwardWeights(Tensor x, Tensor dy, EllMatrix w, Tensor dValues) {
        Checks.ellMatmulBackwardWeights(b, x, dy, w, dValues);
        b.launch("ell_matmul_backward_weights").buffer(x).buffer(dy).buffer(w.columns()).buffer(dValues)
                .arg(x.dim(0)).arg(w.cols()).arg(w.rows()).arg(w.nnz()).items((long) w.rows() * w.nnz());
    }

    void sparseSparseMatmul(Tensor xIndices, Tensor xValues, CsrMatrix wT, Tensor bias, Tensor y) {
        Checks.sparseSparseMatmul(b, xIndices, xValues, wT, bias, y);
        if (wT.cols() == 0) {
            return;
        }
        b.launch("sparse_sparse_matmul").buffer(xIndices).buffer(xValues).arg(xIndices.dim(1)).buffer(wT.rowOffsets())
                .buffer(wT.columns()).buffer(wT.values()).arg(wT.rows()).optional(bias).arg(bias != null).buffer(y)
                .arg(wT.cols()).groups(xIndices.dim(0), b.tuning().workGroup());
    }
}
