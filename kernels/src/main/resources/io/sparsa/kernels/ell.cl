/*
 * Products with ELL-sparse weights (fixed fan-in): columns / values [rows, nnz], each row's
 * columns distinct and ascending. Contract: io.sparsa.backend.ops.SparseOps.
 */

/*
 * ell_matmul(x, columns, values, bias, hasBias, y, batch, cols, rows, nnz)
 *   y[b, o] (overwritten) = sum_j values[o, j] * x[b, columns[o, j]] + bias[o] (bias read only
 *   when hasBias != 0); x [batch, cols], y [batch, rows].
 * Launch: global >= batch * rows (any local size); work-item i computes y[i / rows, i % rows].
 */
KERNEL ell_matmul(const GLOBAL float* x, const GLOBAL int* columns, const GLOBAL float* values,
                  const GLOBAL float* bias, int hasBias, GLOBAL float* y, int batch, int cols, int rows, int nnz) {
    int i = GID_X;
    if (i >= batch * rows) {
        return;
    }
    int b = i / rows;
    int o = i - b * rows;
    const GLOBAL float* xr = x + b * cols;
    const GLOBAL int* cr = columns + o * nnz;
    const GLOBAL float* vr = values + o * nnz;
    float acc = 0.0f;
    for (int j = 0; j < nnz; j++) {
        acc += vr[j] * xr[cr[j]];
    }
    y[i] = acc + (hasBias ? bias[o] : 0.0f);
}

/*
 * ell_transpose_count(columns, rows, nnz, cols, counts)
 *   counts[q] = number of rows that keep column q. First of three kernels that build the
 *   transpose in CSR form (ell_transpose_count, ell_transpose_offsets, ell_transpose_fill); the
 *   transpose lists each column's entries by ascending row, so the gathers that use it sum in a
 *   fixed order without atomics.
 * Launch: global >= cols (any local size).
 */
KERNEL ell_transpose_count(const GLOBAL int* columns, int rows, int nnz, int cols, GLOBAL int* counts) {
    int q = GID_X;
    if (q >= cols) {
        return;
    }
    int count = 0;
    for (int o = 0; o < rows; o++) {
        if (find_sorted(columns + o * nnz, nnz, q) >= 0) {
            count++;
        }
    }
    counts[q] = count;
}

/*
 * ell_transpose_offsets(counts, cols, offsets)
 *   offsets[0..cols] = exclusive prefix sum of counts, offsets[cols] = total.
 * Launch: local WG, global WG (a single work-group).
 */
KERNEL ell_transpose_offsets(const GLOBAL int* counts, int cols, GLOBAL int* offsets) {
    LOCAL int scan[WG];
    int lid = LID_X;
    int base = 0;
    for (int q0 = 0; q0 < cols; q0 += WG) {
        int q = q0 + lid;
        int v = q < cols ? counts[q] : 0;
        int total;
        int before = wg_exclusive_scan_int(scan, v, lid, &total);
        if (q < cols) {
            offsets[q] = base + before;
        }
        base += total;
    }
    if (lid == 0) {
        offsets[cols] = base;
    }
}

/*
 * ell_transpose_fill(columns, rows, nnz, cols, offsets, tRows, tPos)
 *   For column q, entries offsets[q] .. offsets[q + 1] - 1 receive the rows o keeping q, ascending,
 *   in tRows, and the flat ELL position o * nnz + j of the entry in tPos.
 * Launch: global >= cols (any local size).
 */
KERNEL ell_transpose_fill(const GLOBAL int* columns, int rows, int nnz, int cols, const GLOBAL int* offsets,
                          GLOBAL int* tRows, GLOBAL int* tPos) {
    int q = GID_X;
    if (q >= cols) {
        return;
    }
    int t = offsets[q];
    for (int o = 0; o < rows; o++) {
        int j = find_sorted(columns + o * nnz, nnz, q);
        if (j >= 0) {
            tRows[t] = o;
            tPos[t] = o * nnz + j;
            t++;
        }
    }
}

/*
 * ell_matmul_backward_data(dy, values, tOffsets, tRows, tPos, dx, batch, rows, cols)
 *   dx[b, q] (overwritten) = sum over the transpose's entries t of column q of
 *   dy[b, tRows[t]] * values[tPos[t]]; dy [batch, rows], dx [batch, cols].
 * Launch: global >= batch * cols (any local size).
 */
KERNEL ell_matmul_backward_data(const GLOBAL float* dy, const GLOBAL float* values, const GLOBAL int* tOffsets,
                                const GLOBAL int* tRows, const GLOBAL int* tPos, GLOBAL float* dx, int batch,
                                int rows, int cols) {
    int i = GID_X;
    if (i >= batch * cols) {
        return;
    }
    int b = i / cols;
    int q = i - b * cols;
    const GLOBAL float* dyr = dy + b * rows;
    float acc = 0.0f;
    int end = tOffsets[q + 1];
    for (int t = tOffsets[q]; t < end; t++) {
        acc += dyr[tRows[t]] * values[tPos[t]];
    }
    dx[i] = acc;
}

/*
 * ell_matmul_backward_weights(x, dy, columns, dValues, batch, cols, rows, nnz)
 *   dValues[o, j] (overwritten) = sum_b dy[b, o] * x[b, columns[o, j]].
 * Launch: global >= rows * nnz (any local size).
 */
KERNEL ell_matmul_backward_weights(const GLOBAL float* x, const GLOBAL float* dy, const GLOBAL int* columns,
                                   GLOBAL float* dValues, int batch, int cols, int rows, int nnz) {
    int e = GID_X;
    if (e >= rows * nnz) {
        return;
    }
    int o = e / nnz;
    int col = columns[e];
    float acc = 0.0f;
    for (int b = 0; b < batch; b++) {
        acc += dy[b * rows + o] * x[b * cols + col];
    }
    dValues[e] = acc;
}
