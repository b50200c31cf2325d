/*
 * Products with ELL-sparse weights (fixed fan-in): columns / values [rows, nnz], each row's
 * columns distinct and ascending. Contract: io.sparsa.backend.ops.SparseOps.
 */

/*
 * ell_matmul(x, columns, values, bias, hasBias, y, batch, cols, rows, nnz)
 *   y[b, o] (overwritten) = sum_j values[o, j] * x[b, columns[o, j]] + bias[o] (bias read only
 *   when hasBias != 0); x [batch, cols], y [batch, rows]. Columns outside [0, cols) add nothing
 *   (here and below: a bad index never reaches memory outside a buffer).
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
        int col = cr[j];
        if ((u32) col < (u32) cols) {
            acc += vr[j] * xr[col];
        }
    }
    y[i] = acc + (hasBias ? bias[o] : 0.0f);
}

/*
 * The transpose in CSR form, by four kernels, over `chunks` chunks of `chunkRows` consecutive rows
 * (chunks * chunkRows >= rows):
 *   fill_i32(counts, cols * chunks, 0), ell_transpose_count, ell_transpose_prefix,
 *   ell_transpose_offsets, ell_transpose_fill.
 * A work-item owns one chunk and walks its entries in row order; it alone touches the slots
 * counts[q * chunks + chunk], so no atomics are needed, and each column lists its entries by
 * ascending row: the gathers that use the transpose sum in a fixed order. Work is linear in the
 * number of entries.
 *
 * ell_transpose_count(columns, rows, nnz, cols, chunkRows, chunks, counts)
 *   counts[q * chunks + c] += number of rows of chunk c that keep column q (counts zeroed first).
 * Launch: global >= chunks (any local size).
 */
KERNEL ell_transpose_count(const GLOBAL int* columns, int rows, int nnz, int cols, int chunkRows, int chunks,
                           GLOBAL int* counts) {
    int c = GID_X;
    if (c >= chunks) {
        return;
    }
    int first = c * chunkRows;
    int last = first + chunkRows < rows ? first + chunkRows : rows;
    for (int e = first * nnz; e < last * nnz; e++) {
        int q = columns[e];
        if (q >= 0 && q < cols) {
            counts[q * chunks + c]++;
        }
    }
}

/*
 * ell_transpose_prefix(counts, cols, chunks, columnCounts)
 *   Per column q: counts[q * chunks + c] becomes the exclusive prefix over its chunks, and
 *   columnCounts[q] the column's total.
 * Launch: global >= cols (any local size).
 */
KERNEL ell_transpose_prefix(GLOBAL int* counts, int cols, int chunks, GLOBAL int* columnCounts) {
    int q = GID_X;
    if (q >= cols) {
        return;
    }
    int sum = 0;
    for (int c = 0; c < chunks; c++) {
        int v = counts[q * chunks + c];
        counts[q * chunks + c] = sum;
        sum += v;
    }
    columnCounts[q] = sum;
}

/*
 * ell_transpose_offsets(columnCounts, cols, offsets)
 *   offsets[0..cols] = exclusive prefix sum of columnCounts, offsets[cols] = total.
 * Launch: local WG, global WG (a single work-group).
 */
KERNEL ell_transpose_offsets(const GLOBAL int* columnCounts, int cols, GLOBAL int* offsets) {
    LOCAL int scan[WG];
    int lid = LID_X;
    int base = 0;
    for (int q0 = 0; q0 < cols; q0 += WG) {
        int q = q0 + lid;
        int v = q < cols ? columnCounts[q] : 0;
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
 * ell_transpose_fill(columns, rows, nnz, cols, chunkRows, chunks, counts, offsets, tRows, tPos)
 *   Column q's entries offsets[q] .. offsets[q + 1] - 1 receive the rows o keeping q, ascending,
 *   in tRows, and the flat ELL position o * nnz + j of the entry in tPos. counts (after
 *   ell_transpose_prefix) serves as each chunk's cursor and is advanced.
 * Launch: global >= chunks (any local size).
 */
KERNEL ell_transpose_fill(const GLOBAL int* columns, int rows, int nnz, int cols, int chunkRows, int chunks,
                          GLOBAL int* counts, const GLOBAL int* offsets, GLOBAL int* tRows, GLOBAL int* tPos) {
    int c = GID_X;
    if (c >= chunks) {
        return;
    }
    int first = c * chunkRows;
    int last = first + chunkRows < rows ? first + chunkRows : rows;
    for (int o = first; o < last; o++) {
        for (int j = 0; j < nnz; j++) {
            int q = columns[o * nnz + j];
            if (q >= 0 && q < cols) {
                int slot = q * chunks + c;
                int t = offsets[q] + counts[slot];
                counts[slot] = counts[slot] + 1;
                tRows[t] = o;
                tPos[t] = o * nnz + j;
            }
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
    for (int b = 0; b < batch && (u32) col < (u32) cols; b++) {
        acc += dy[b * rows + o] * x[b * cols + col];
    }
    dValues[e] = acc;
}
