/*
 * Sparse activations times sparse (CSR, transposed) weights, for inference.
 * Contract: io.sparsa.backend.ops.SparseOps#sparseSparseMatmul.
 */

/*
 * sparse_sparse_matmul(xIndices, xValues, k, rowOffsets, wColumns, wValues, inRows, bias, hasBias,
 *                      y, outCols)
 *   y[b, :] (overwritten) = bias (or 0), then for j = 0 .. k-1 in order:
 *   y[b, wColumns[t]] += xValues[b, j] * wValues[t] for t in the CSR row xIndices[b, j].
 *   A work-group owns one output row; within one j the columns are distinct, so its work-items
 *   never collide, and a barrier separates consecutive j. Indices outside [0, inRows) and columns
 *   outside [0, outCols) add nothing.
 * Launch: local WG, global WG * batch (one work-group per row).
 */
KERNEL sparse_sparse_matmul(const GLOBAL int* xIndices, const GLOBAL float* xValues, int k,
                            const GLOBAL int* rowOffsets, const GLOBAL int* wColumns, const GLOBAL float* wValues,
                            int inRows, const GLOBAL float* bias, int hasBias, GLOBAL float* y, int outCols) {
    int b = GROUP_X;
    int lid = LID_X;
    GLOBAL float* yr = y + b * outCols;
    for (int o = lid; o < outCols; o += WG) {
        yr[o] = hasBias ? bias[o] : 0.0f;
    }
    BARRIER_GLOBAL();
    for (int j = 0; j < k; j++) {
        int r = xIndices[b * k + j];
        if (r >= 0 && r < inRows) {
            float v = xValues[b * k + j];
            int end = rowOffsets[r + 1];
            for (int t = rowOffsets[r] + lid; t < end; t += WG) {
                int o = wColumns[t];
                if ((u32) o < (u32) outCols) {
                    yr[o] += v * wValues[t];
                }
            }
        }
        BARRIER_GLOBAL();
    }
}
