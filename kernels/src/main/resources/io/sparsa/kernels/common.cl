/*
 * Definitions shared by every kernel source: tunable sizes (the OpenCL host may override them
 * with -D options to fit a device; the CUDA PTX uses these defaults) and work-group helpers.
 *
 * Every reduction in these kernels runs in a fixed order (per-thread strided sums, then a tree in
 * local memory), so results do not depend on timing: runs are bit-for-bit repeatable.
 */

/* Work-items per work-group of every kernel that reduces, scans or selects through local memory
   ("one work-group per row / channel" kernels). A power of two, at least 32. */
#ifndef WG
#define WG 256
#endif

/* Tiled matrix products (gemm, dense conv): a TILE_DIM x TILE_DIM grid of work-items computes a
   TILE_MN x TILE_MN block of the output, TILE_MICRO x TILE_MICRO outputs each, stepping through K
   TILE_K at a time with both operand tiles staged in local memory. */
#ifndef TILE_DIM
#define TILE_DIM 16
#endif
#define TILE_MICRO 4
#define TILE_THREADS (TILE_DIM * TILE_DIM)
#define TILE_MN (TILE_DIM * TILE_MICRO)
#define TILE_K 16
/* One padding column keeps the k-major stores into a tile free of bank conflicts. */
#define TILE_STRIDE (TILE_MN + 1)

/* Longest row k-winners keeps in local memory (one work-group per row); longer rows take the
   multi-work-group path, in slices of this length. A multiple of WG. */
#ifndef KW_LOCAL_MAX
#define KW_LOCAL_MAX 4096
#endif

#define NEG_INFINITY UINT_AS_FLOAT(0xFF800000u)

/* Sum of v over the work-group, returned to every work-item. buf holds WG floats. */
DEVICE_FN float wg_sum_float(LOCAL_PTR float* buf, float v, int lid) {
    buf[lid] = v;
    BARRIER();
    for (int s = WG / 2; s > 0; s >>= 1) {
        if (lid < s) {
            buf[lid] += buf[lid + s];
        }
        BARRIER();
    }
    float total = buf[0];
    BARRIER();
    return total;
}

/* Maximum of v over the work-group, returned to every work-item. buf holds WG floats. */
DEVICE_FN float wg_max_float(LOCAL_PTR float* buf, float v, int lid) {
    buf[lid] = v;
    BARRIER();
    for (int s = WG / 2; s > 0; s >>= 1) {
        if (lid < s) {
            float o = buf[lid + s];
            if (o > buf[lid]) {
                buf[lid] = o;
            }
        }
        BARRIER();
    }
    float m = buf[0];
    BARRIER();
    return m;
}

/* Sum of v over the work-group, returned to every work-item. buf holds WG ints. */
DEVICE_FN int wg_sum_int(LOCAL_PTR int* buf, int v, int lid) {
    buf[lid] = v;
    BARRIER();
    for (int s = WG / 2; s > 0; s >>= 1) {
        if (lid < s) {
            buf[lid] += buf[lid + s];
        }
        BARRIER();
    }
    int total = buf[0];
    BARRIER();
    return total;
}

/* Exclusive prefix sum of v over the work-items in id order; *total receives the sum of all.
   buf holds WG ints. */
DEVICE_FN int wg_exclusive_scan_int(LOCAL_PTR int* buf, int v, int lid, int* total) {
    buf[lid] = v;
    BARRIER();
    for (int offset = 1; offset < WG; offset <<= 1) {
        int add = lid >= offset ? buf[lid - offset] : 0;
        BARRIER();
        buf[lid] += add;
        BARRIER();
    }
    int inclusive = buf[lid];
    *total = buf[WG - 1];
    BARRIER();
    return inclusive - v;
}

/* acc[r * TILE_MICRO + c] += sum over kk of as[kk][ty + r * TILE_DIM] * bs[kk][tx + c * TILE_DIM]:
   one TILE_K step of a tiled product. Rows and columns of a work-item are TILE_DIM apart so that
   neighbouring work-items read neighbouring local addresses. */
DEVICE_FN void tile_multiply(LOCAL_PTR const float* as, LOCAL_PTR const float* bs, float* acc, int tx, int ty) {
    for (int kk = 0; kk < TILE_K; kk++) {
        float a[TILE_MICRO];
        float b[TILE_MICRO];
        for (int r = 0; r < TILE_MICRO; r++) {
            a[r] = as[kk * TILE_STRIDE + ty + r * TILE_DIM];
        }
        for (int c = 0; c < TILE_MICRO; c++) {
            b[c] = bs[kk * TILE_STRIDE + tx + c * TILE_DIM];
        }
        for (int r = 0; r < TILE_MICRO; r++) {
            for (int c = 0; c < TILE_MICRO; c++) {
                acc[r * TILE_MICRO + c] += a[r] * b[c];
            }
        }
    }
}
