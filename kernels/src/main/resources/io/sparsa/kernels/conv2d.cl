/*
 * 2-d convolutions over NCHW tensors, dense and with ELL-sparse weights.
 * Contract: io.sparsa.backend.ops.ConvOps.
 *
 * The dense kernels are implicit GEMMs through the tiles of common.cl: the im2col matrix is never
 * built, each operand tile is gathered straight from the tensors.
 *
 * Geometry arguments, always in this order ("GEOMETRY" below):
 *   batch, cin, inH, inW, cout, kh, kw, sh, sw, ph, pw, outH, outW
 * x / dx [batch, cin, inH, inW], y / dy [batch, cout, outH, outW], w / dw [cout, cin, kh, kw].
 */

/*
 * conv2d_forward(x, w, bias, hasBias, y, GEOMETRY)
 *   y = conv2d(x, w) + bias; bias [cout] is read only when hasBias != 0.
 *   GEMM view: M = cout, N = batch * outH * outW, K = cin * kh * kw.
 * Launch: local TILE_THREADS, global TILE_THREADS * ceil(M / TILE_MN) * ceil(N / TILE_MN).
 */
KERNEL conv2d_forward(const GLOBAL float* x, const GLOBAL float* w, const GLOBAL float* bias, int hasBias,
                      GLOBAL float* y, int batch, int cin, int inH, int inW, int cout, int kh, int kw,
                      int sh, int sw, int ph, int pw, int outH, int outW) {
    LOCAL float as[TILE_K * TILE_STRIDE];
    LOCAL float bs[TILE_K * TILE_STRIDE];
    int lid = LID_X;
    int tx = lid % TILE_DIM;
    int ty = lid / TILE_DIM;
    int khw = kh * kw;
    int outHW = outH * outW;
    int m = cout;
    int n = batch * outHW;
    int k = cin * khw;
    int tilesN = (n + TILE_MN - 1) / TILE_MN;
    int m0 = (GROUP_X / tilesN) * TILE_MN;
    int n0 = (GROUP_X % tilesN) * TILE_MN;
    float acc[TILE_MICRO * TILE_MICRO];
    for (int i = 0; i < TILE_MICRO * TILE_MICRO; i++) {
        acc[i] = 0.0f;
    }
    for (int k0 = 0; k0 < k; k0 += TILE_K) {
        for (int l = lid; l < TILE_MN * TILE_K; l += TILE_THREADS) {
            int row = l / TILE_K;
            int kk = l % TILE_K;
            int gm = m0 + row;
            int gk = k0 + kk;
            as[kk * TILE_STRIDE + row] = (gm < m && gk < k) ? w[gm * k + gk] : 0.0f;
        }
        for (int l = lid; l < TILE_MN * TILE_K; l += TILE_THREADS) {
            int col = l % TILE_MN;
            int kk = l / TILE_MN;
            int p = n0 + col;
            int gk = k0 + kk;
            float v = 0.0f;
            if (p < n && gk < k) {
                int nb = p / outHW;
                int r = p - nb * outHW;
                int oy = r / outW;
                int ox = r - oy * outW;
                int c = gk / khw;
                int r2 = gk - c * khw;
                int ki = r2 / kw;
                int iy = oy * sh - ph + ki;
                int ix = ox * sw - pw + (r2 - ki * kw);
                if (iy >= 0 && iy < inH && ix >= 0 && ix < inW) {
                    v = x[((nb * cin + c) * inH + iy) * inW + ix];
                }
            }
            bs[kk * TILE_STRIDE + col] = v;
        }
        BARRIER();
        tile_multiply(as, bs, acc, tx, ty);
        BARRIER();
    }
    for (int r = 0; r < TILE_MICRO; r++) {
        int o = m0 + ty + r * TILE_DIM;
        if (o >= m) {
            continue;
        }
        float b = hasBias ? bias[o] : 0.0f;
        for (int cc = 0; cc < TILE_MICRO; cc++) {
            int p = n0 + tx + cc * TILE_DIM;
            if (p < n) {
                int nb = p / outHW;
                y[(nb * cout + o) * outHW + (p - nb * outHW)] = acc[r * TILE_MICRO + cc] + b;
            }
        }
    }
}

/*
 * conv2d_backward_data(dy, w, dx, GEOMETRY)
 *   dx (overwritten) = gradient of conv2d with respect to its input.
 *   GEMM view: M = cin, N = batch * inH * inW, K = cout * kh * kw; the dy operand holds
 *   dy[n, o, oy, ox] where (y + ph - ki, x + pw - kj) = (oy * sh, ox * sw), else 0.
 * Launch: local TILE_THREADS, global TILE_THREADS * ceil(M / TILE_MN) * ceil(N / TILE_MN).
 */
KERNEL conv2d_backward_data(const GLOBAL float* dy, const GLOBAL float* w, GLOBAL float* dx, int batch, int cin,
                            int inH, int inW, int cout, int kh, int kw, int sh, int sw, int ph, int pw,
                            int outH, int outW) {
    LOCAL float as[TILE_K * TILE_STRIDE];
    LOCAL float bs[TILE_K * TILE_STRIDE];
    int lid = LID_X;
    int tx = lid % TILE_DIM;
    int ty = lid / TILE_DIM;
    int khw = kh * kw;
    int inHW = inH * inW;
    int outHW = outH * outW;
    int m = cin;
    int n = batch * inHW;
    int k = cout * khw;
    int tilesN = (n + TILE_MN - 1) / TILE_MN;
    int m0 = (GROUP_X / tilesN) * TILE_MN;
    int n0 = (GROUP_X % tilesN) * TILE_MN;
    float acc[TILE_MICRO * TILE_MICRO];
    for (int i = 0; i < TILE_MICRO * TILE_MICRO; i++) {
        acc[i] = 0.0f;
    }
    for (int k0 = 0; k0 < k; k0 += TILE_K) {
        for (int l = lid; l < TILE_MN * TILE_K; l += TILE_THREADS) {
            int row = l / TILE_K;
            int kk = l % TILE_K;
            int c = m0 + row;
            int gk = k0 + kk;
            float v = 0.0f;
            if (c < m && gk < k) {
                int o = gk / khw;
                v = w[(o * cin + c) * khw + (gk - o * khw)];
            }
            as[kk * TILE_STRIDE + row] = v;
        }
        for (int l = lid; l < TILE_MN * TILE_K; l += TILE_THREADS) {
            int col = l % TILE_MN;
            int kk = l / TILE_MN;
            int p = n0 + col;
            int gk = k0 + kk;
            float v = 0.0f;
            if (p < n && gk < k) {
                int nb = p / inHW;
                int r = p - nb * inHW;
                int yy = r / inW;
                int xx = r - yy * inW;
                int o = gk / khw;
                int r2 = gk - o * khw;
                int ki = r2 / kw;
                int ty2 = yy + ph - ki;
                int tx2 = xx + pw - (r2 - ki * kw);
                if (ty2 >= 0 && tx2 >= 0 && ty2 % sh == 0 && tx2 % sw == 0) {
                    int oy = ty2 / sh;
                    int ox = tx2 / sw;
                    if (oy < outH && ox < outW) {
                        v = dy[(nb * cout + o) * outHW + oy * outW + ox];
                    }
                }
            }
            bs[kk * TILE_STRIDE + col] = v;
        }
        BARRIER();
        tile_multiply(as, bs, acc, tx, ty);
        BARRIER();
    }
    for (int r = 0; r < TILE_MICRO; r++) {
        int c = m0 + ty + r * TILE_DIM;
        if (c >= m) {
            continue;
        }
        for (int cc = 0; cc < TILE_MICRO; cc++) {
            int p = n0 + tx + cc * TILE_DIM;
            if (p < n) {
                int nb = p / inHW;
                dx[(nb * cin + c) * inHW + (p - nb * inHW)] = acc[r * TILE_MICRO + cc];
            }
        }
    }
}

/*
 * conv2d_backward_weights(x, dy, out, splits, kChunk, GEOMETRY)
 *   GEMM view: M = cout, N = cin * kh * kw, K = batch * outH * outW. K is cut into `splits` ranges
 *   of kChunk; split s writes its partial product to out[s * M * N ...]. With splits == 1, out is
 *   dw itself; otherwise sum_splits adds the partials in split order (deterministic, no atomics).
 * Launch: local TILE_THREADS, global TILE_THREADS * splits * ceil(M / TILE_MN) * ceil(N / TILE_MN).
 */
KERNEL conv2d_backward_weights(const GLOBAL float* x, const GLOBAL float* dy, GLOBAL float* out, int splits,
                               int kChunk, int batch, int cin, int inH, int inW, int cout, int kh, int kw,
                               int sh, int sw, int ph, int pw, int outH, int outW) {
    LOCAL float as[TILE_K * TILE_STRIDE];
    LOCAL float bs[TILE_K * TILE_STRIDE];
    int lid = LID_X;
    int tx = lid % TILE_DIM;
    int ty = lid / TILE_DIM;
    int khw = kh * kw;
    int outHW = outH * outW;
    int m = cout;
    int n = cin * khw;
    int k = batch * outHW;
    int tilesM = (m + TILE_MN - 1) / TILE_MN;
    int tilesN = (n + TILE_MN - 1) / TILE_MN;
    int split = GROUP_X / (tilesM * tilesN);
    int tile = GROUP_X % (tilesM * tilesN);
    int m0 = (tile / tilesN) * TILE_MN;
    int n0 = (tile % tilesN) * TILE_MN;
    int kBegin = split * kChunk;
    int kEnd = kBegin + kChunk < k ? kBegin + kChunk : k;
    float acc[TILE_MICRO * TILE_MICRO];
    for (int i = 0; i < TILE_MICRO * TILE_MICRO; i++) {
        acc[i] = 0.0f;
    }
    for (int k0 = kBegin; k0 < kEnd; k0 += TILE_K) {
        for (int l = lid; l < TILE_MN * TILE_K; l += TILE_THREADS) {
            int row = l / TILE_K;
            int kk = l % TILE_K;
            int o = m0 + row;
            int p = k0 + kk;
            float v = 0.0f;
            if (o < m && p < kEnd) {
                int nb = p / outHW;
                v = dy[(nb * cout + o) * outHW + (p - nb * outHW)];
            }
            as[kk * TILE_STRIDE + row] = v;
        }
        for (int l = lid; l < TILE_MN * TILE_K; l += TILE_THREADS) {
            int col = l / TILE_K;
            int kk = l % TILE_K;
            int q = n0 + col;
            int p = k0 + kk;
            float v = 0.0f;
            if (q < n && p < kEnd) {
                int nb = p / outHW;
                int r = p - nb * outHW;
                int oy = r / outW;
                int ox = r - oy * outW;
                int c = q / khw;
                int r2 = q - c * khw;
                int ki = r2 / kw;
                int iy = oy * sh - ph + ki;
                int ix = ox * sw - pw + (r2 - ki * kw);
                if (iy >= 0 && iy < inH && ix >= 0 && ix < inW) {
                    v = x[((nb * cin + c) * inH + iy) * inW + ix];
                }
            }
            bs[kk * TILE_STRIDE + col] = v;
        }
        BARRIER();
        tile_multiply(as, bs, acc, tx, ty);
        BARRIER();
    }
    for (int r = 0; r < TILE_MICRO; r++) {
        int o = m0 + ty + r * TILE_DIM;
        if (o >= m) {
            continue;
        }
        for (int cc = 0; cc < TILE_MICRO; cc++) {
            int q = n0 + tx + cc * TILE_DIM;
            if (q < n) {
                out[split * m * n + o * n + q] = acc[r * TILE_MICRO + cc];
            }
        }
    }
}

/*
 * sum_splits(partial, splits, count, out)
 *   out[i] = sum over s in order of partial[s * count + i], i < count.
 * Launch: global >= count (any local size).
 */
KERNEL sum_splits(const GLOBAL float* partial, int splits, int count, GLOBAL float* out) {
    int i = GID_X;
    if (i >= count) {
        return;
    }
    float s = 0.0f;
    for (int t = 0; t < splits; t++) {
        s += partial[t * count + i];
    }
    out[i] = s;
}

/*
 * conv_bias_grad(dy, batch, cout, outHW, dBias)
 *   dBias[o] (overwritten) = sum of dy[n, o, :, :] over n and the output plane.
 * Launch: local WG, global WG * cout (one work-group per output channel).
 */
KERNEL conv_bias_grad(const GLOBAL float* dy, int batch, int cout, int outHW, GLOBAL float* dBias) {
    LOCAL float red[WG];
    int o = GROUP_X;
    int lid = LID_X;
    int total = batch * outHW;
    float s = 0.0f;
    for (int e = lid; e < total; e += WG) {
        int nb = e / outHW;
        s += dy[(nb * cout + o) * outHW + (e - nb * outHW)];
    }
    s = wg_sum_float(red, s, lid);
    if (lid == 0) {
        dBias[o] = s;
    }
}

/*
 * conv2d_sparse_input(x, w, bias, hasBias, y, GEOMETRY)
 *   As conv2d_forward, for inputs that are mostly zero: the gather form that skips zero inputs.
 *   Work-item i computes y at output channel o = i % cout of position p = i / cout (p runs over
 *   batch * outH * outW), so the cout consecutive work-items of a position read the same input
 *   pixels: the test for zero is uniform across them, and a zero input costs one shared read
 *   instead of a weight load and a multiply-add per work-item.
 * Launch: global >= batch * outH * outW * cout (any local size).
 */
KERNEL conv2d_sparse_input(const GLOBAL float* x, const GLOBAL float* w, const GLOBAL float* bias, int hasBias,
                           GLOBAL float* y, int batch, int cin, int inH, int inW, int cout, int kh, int kw, int sh,
                           int sw, int ph, int pw, int outH, int outW) {
    int i = GID_X;
    int outHW = outH * outW;
    if (i >= batch * outHW * cout) {
        return;
    }
    int o = i % cout;
    int p = i / cout;
    int nb = p / outHW;
    int r = p - nb * outHW;
    int oy = r / outW;
    int ox = r - oy * outW;
    int iy0 = oy * sh - ph;
    int ix0 = ox * sw - pw;
    float acc = 0.0f;
    for (int c = 0; c < cin; c++) {
        const GLOBAL float* plane = x + (nb * cin + c) * inH * inW;
        const GLOBAL float* wc = w + (o * cin + c) * kh * kw;
        for (int ki = 0; ki < kh; ki++) {
            int iy = iy0 + ki;
            if (iy < 0 || iy >= inH) {
                continue;
            }
            for (int kj = 0; kj < kw; kj++) {
                int ix = ix0 + kj;
                if (ix >= 0 && ix < inW) {
                    float v = plane[iy * inW + ix];
                    if (v != 0.0f) {
                        acc += v * wc[ki * kw + kj];
                    }
                }
            }
        }
    }
    y[(nb * cout + o) * outHW + r] = acc + (hasBias ? bias[o] : 0.0f);
}

/*
 * sparse_conv2d_forward(x, columns, values, nnz, bias, hasBias, y, GEOMETRY)
 *   As conv2d_forward with ELL weights: columns / values [cout, nnz], column (c * kh + ki) * kw + kj.
 *   A work-group computes one output channel at WG consecutive output positions, with that
 *   channel's kept weights staged in local memory, WG at a time.
 * Launch: local WG, global WG * cout * ceil(batch * outH * outW / WG).
 */
KERNEL sparse_conv2d_forward(const GLOBAL float* x, const GLOBAL int* columns, const GLOBAL float* values, int nnz,
                             const GLOBAL float* bias, int hasBias, GLOBAL float* y, int batch, int cin, int inH,
                             int inW, int cout, int kh, int kw, int sh, int sw, int ph, int pw, int outH,
                             int outW) {
    LOCAL int ec[WG];
    LOCAL int eki[WG];
    LOCAL int ekj[WG];
    LOCAL float ev[WG];
    int lid = LID_X;
    int o = GROUP_X % cout;
    int p = (GROUP_X / cout) * WG + lid;
    int khw = kh * kw;
    int outHW = outH * outW;
    int valid = p < batch * outHW;
    int nb = 0;
    int oy = 0;
    int ox = 0;
    if (valid) {
        nb = p / outHW;
        int r = p - nb * outHW;
        oy = r / outW;
        ox = r - oy * outW;
    }
    float acc = 0.0f;
    for (int e0 = 0; e0 < nnz; e0 += WG) {
        int e = e0 + lid;
        if (e < nnz) {
            int col = columns[o * nnz + e];
            col = (u32) col < (u32) (cin * khw) ? col : 0;
            int c = col / khw;
            int r2 = col - c * khw;
            ec[lid] = c;
            eki[lid] = r2 / kw;
            ekj[lid] = r2 - (r2 / kw) * kw;
            ev[lid] = (u32) columns[o * nnz + e] < (u32) (cin * khw) ? values[o * nnz + e] : 0.0f;
        }
        BARRIER();
        if (valid) {
            int count = nnz - e0 < WG ? nnz - e0 : WG;
            for (int t = 0; t < count; t++) {
                int iy = oy * sh - ph + eki[t];
                int ix = ox * sw - pw + ekj[t];
                if (iy >= 0 && iy < inH && ix >= 0 && ix < inW) {
                    acc += ev[t] * x[((nb * cin + ec[t]) * inH + iy) * inW + ix];
                }
            }
        }
        BARRIER();
    }
    if (valid) {
        y[(nb * cout + o) * outHW + oy * outW + ox] = acc + (hasBias ? bias[o] : 0.0f);
    }
}

/*
 * sparse_conv2d_backward_data(dy, values, tOffsets, tRows, tPos, dx, GEOMETRY)
 *   dx (overwritten) through the transposed ELL matrix (ell_transpose_*): the entries of column q
 *   are t in [tOffsets[q], tOffsets[q + 1]), from row tRows[t], value values[tPos[t]].
 * Launch: global >= batch * cin * inH * inW (any local size).
 */
KERNEL sparse_conv2d_backward_data(const GLOBAL float* dy, const GLOBAL float* values, const GLOBAL int* tOffsets,
                                   const GLOBAL int* tRows, const GLOBAL int* tPos, GLOBAL float* dx, int batch,
                                   int cin, int inH, int inW, int cout, int kh, int kw, int sh, int sw, int ph,
                                   int pw, int outH, int outW) {
    int i = GID_X;
    int inHW = inH * inW;
    if (i >= batch * cin * inHW) {
        return;
    }
    int outHW = outH * outW;
    int nb = i / (cin * inHW);
    int r = i - nb * cin * inHW;
    int c = r / inHW;
    int pix = r - c * inHW;
    int yy = pix / inW;
    int xx = pix - yy * inW;
    float acc = 0.0f;
    for (int ki = 0; ki < kh; ki++) {
        int ty = yy + ph - ki;
        if (ty < 0 || ty % sh != 0 || ty / sh >= outH) {
            continue;
        }
        int oy = ty / sh;
        for (int kj = 0; kj < kw; kj++) {
            int tx = xx + pw - kj;
            if (tx < 0 || tx % sw != 0 || tx / sw >= outW) {
                continue;
            }
            int ox = tx / sw;
            int q = (c * kh + ki) * kw + kj;
            int end = tOffsets[q + 1];
            for (int t = tOffsets[q]; t < end; t++) {
                acc += dy[(nb * cout + tRows[t]) * outHW + oy * outW + ox] * values[tPos[t]];
            }
        }
    }
    dx[i] = acc;
}

/*
 * sparse_conv2d_backward_weights(x, dy, columns, nnz, dValues, GEOMETRY)
 *   dValues[o, e] (overwritten) = sum over n, oy, ox of dy[n, o, oy, ox] * x at the kept weight's
 *   input position.
 * Launch: local WG, global WG * cout * nnz (one work-group per kept weight).
 */
KERNEL sparse_conv2d_backward_weights(const GLOBAL float* x, const GLOBAL float* dy, const GLOBAL int* columns,
                                      int nnz, GLOBAL float* dValues, int batch, int cin, int inH, int inW,
                                      int cout, int kh, int kw, int sh, int sw, int ph, int pw, int outH,
                                      int outW) {
    LOCAL float red[WG];
    int lid = LID_X;
    int entry = GROUP_X;
    int o = entry / nnz;
    int khw = kh * kw;
    int outHW = outH * outW;
    int col = columns[entry];
    int valid = (u32) col < (u32) (cin * khw);
    int c = col / khw;
    int r2 = col - c * khw;
    int ki = r2 / kw;
    int kj = r2 - ki * kw;
    float s = 0.0f;
    for (int p = lid; p < batch * outHW && valid; p += WG) {
        int nb = p / outHW;
        int r = p - nb * outHW;
        int oy = r / outW;
        int ox = r - oy * outW;
        int iy = oy * sh - ph + ki;
        int ix = ox * sw - pw + kj;
        if (iy >= 0 && iy < inH && ix >= 0 && ix < inW) {
            s += dy[(nb * cout + o) * outHW + r] * x[((nb * cin + c) * inH + iy) * inW + ix];
        }
    }
    s = wg_sum_float(red, s, lid);
    if (lid == 0) {
        dValues[entry] = s;
    }
}
