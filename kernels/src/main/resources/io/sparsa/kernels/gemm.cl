/*
 * Dense matrix multiply, C = alpha * op(A) * op(B) + beta * C (BLAS sgemm, row-major).
 * Contract: io.sparsa.backend.ops.DenseOps#gemm.
 */

/*
 * gemm(a, b, c, m, n, k, transA, transB, alpha, beta)
 *   a: [m, k], or [k, m] when transA != 0; b: [k, n], or [n, k] when transB != 0; c: [m, n].
 *   beta == 0 ignores the old contents of c (even NaN).
 * Launch: local TILE_THREADS, global TILE_THREADS * ceil(m / TILE_MN) * ceil(n / TILE_MN).
 */
KERNEL gemm(const GLOBAL float* a, const GLOBAL float* b, GLOBAL float* c, int m, int n, int k,
            int transA, int transB, float alpha, float beta) {
    LOCAL float as[TILE_K * TILE_STRIDE];
    LOCAL float bs[TILE_K * TILE_STRIDE];
    int lid = LID_X;
    int tx = lid % TILE_DIM;
    int ty = lid / TILE_DIM;
    int tilesN = (n + TILE_MN - 1) / TILE_MN;
    int m0 = (GROUP_X / tilesN) * TILE_MN;
    int n0 = (GROUP_X % tilesN) * TILE_MN;
    float acc[TILE_MICRO * TILE_MICRO];
    for (int i = 0; i < TILE_MICRO * TILE_MICRO; i++) {
        acc[i] = 0.0f;
    }
    for (int k0 = 0; k0 < k; k0 += TILE_K) {
        /* Neighbouring work-items load along the operand's contiguous dimension. */
        for (int l = lid; l < TILE_MN * TILE_K; l += TILE_THREADS) {
            int row = transA ? l % TILE_MN : l / TILE_K;
            int kk = transA ? l / TILE_MN : l % TILE_K;
            int gm = m0 + row;
            int gk = k0 + kk;
            float v = 0.0f;
            if (gm < m && gk < k) {
                v = transA ? a[gk * m + gm] : a[gm * k + gk];
            }
            as[kk * TILE_STRIDE + row] = v;
        }
        for (int l = lid; l < TILE_MN * TILE_K; l += TILE_THREADS) {
            int col = transB ? l / TILE_K : l % TILE_MN;
            int kk = transB ? l % TILE_K : l / TILE_MN;
            int gn = n0 + col;
            int gk = k0 + kk;
            float v = 0.0f;
            if (gn < n && gk < k) {
                v = transB ? b[gn * k + gk] : b[gk * n + gn];
            }
            bs[kk * TILE_STRIDE + col] = v;
        }
        BARRIER();
        tile_multiply(as, bs, acc, tx, ty);
        BARRIER();
    }
    for (int r = 0; r < TILE_MICRO; r++) {
        int gm = m0 + ty + r * TILE_DIM;
        if (gm >= m) {
            continue;
        }
        for (int cc = 0; cc < TILE_MICRO; cc++) {
            int gn = n0 + tx + cc * TILE_DIM;
            if (gn < n) {
                float v = alpha * acc[r * TILE_MICRO + cc];
                if (beta != 0.0f) {
                    v += beta * c[gm * n + gn];
                }
                c[gm * n + gn] = v;
            }
        }
    }
}
