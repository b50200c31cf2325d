/*
 * Element-wise operations and small reductions. Contract: io.sparsa.backend.ops.ElementwiseOps
 * and TensorOps#fill. Unless stated, launch: global >= count (any local size), one element per
 * work-item.
 */

/* fill_f32(x, count, value): x[i] = value. */
KERNEL fill_f32(GLOBAL float* x, int count, float value) {
    int i = GID_X;
    if (i < count) {
        x[i] = value;
    }
}

/* fill_i32(x, count, value): x[i] = value. */
KERNEL fill_i32(GLOBAL int* x, int count, int value) {
    int i = GID_X;
    if (i < count) {
        x[i] = value;
    }
}

/* add_bias(x, bias, count, channels, inner): x[i] += bias[(i / inner) % channels]; x [B, channels]
   has inner = 1, x [B, channels, H, W] has inner = H * W. */
KERNEL add_bias(GLOBAL float* x, const GLOBAL float* bias, int count, int channels, int inner) {
    int i = GID_X;
    if (i < count) {
        x[i] += bias[(i / inner) % channels];
    }
}

/* relu(x, y, count): y = x > 0 ? x : 0 (x and y may be one buffer). */
KERNEL relu(const GLOBAL float* x, GLOBAL float* y, int count) {
    int i = GID_X;
    if (i < count) {
        float v = x[i];
        y[i] = v > 0.0f ? v : 0.0f;
    }
}

/* relu_backward(dy, x, dx, count): dx = x > 0 ? dy : 0. */
KERNEL relu_backward(const GLOBAL float* dy, const GLOBAL float* x, GLOBAL float* dx, int count) {
    int i = GID_X;
    if (i < count) {
        dx[i] = x[i] > 0.0f ? dy[i] : 0.0f;
    }
}

/* mul(a, b, out, count): out = a * b. */
KERNEL mul(const GLOBAL float* a, const GLOBAL float* b, GLOBAL float* out, int count) {
    int i = GID_X;
    if (i < count) {
        out[i] = a[i] * b[i];
    }
}

/* axpy(x, y, count, alpha): y += alpha * x. */
KERNEL axpy(const GLOBAL float* x, GLOBAL float* y, int count, float alpha) {
    int i = GID_X;
    if (i < count) {
        y[i] += alpha * x[i];
    }
}

/* scale(x, count, alpha): x *= alpha. */
KERNEL scale(GLOBAL float* x, int count, float alpha) {
    int i = GID_X;
    if (i < count) {
        x[i] *= alpha;
    }
}

/* clamp_values(x, count, lo, hi): x = min(max(x, lo), hi); NaN stays NaN. */
KERNEL clamp_values(GLOBAL float* x, int count, float lo, float hi) {
    int i = GID_X;
    if (i < count) {
        float v = x[i];
        x[i] = v < lo ? lo : (v > hi ? hi : v);
    }
}

/* greater_equal(x, out, count, threshold): out = x >= threshold ? 1 : 0. */
KERNEL greater_equal(const GLOBAL float* x, GLOBAL float* out, int count, float threshold) {
    int i = GID_X;
    if (i < count) {
        out[i] = x[i] >= threshold ? 1.0f : 0.0f;
    }
}

/* sum_rows(x, out, batch, n): out[j] = sum over b in order of x[b, j]. Launch: global >= n. */
KERNEL sum_rows(const GLOBAL float* x, GLOBAL float* out, int batch, int n) {
    int j = GID_X;
    if (j < n) {
        float s = 0.0f;
        for (int b = 0; b < batch; b++) {
            s += x[b * n + j];
        }
        out[j] = s;
    }
}

/* gather_rows(x, indices, out, batch, n, k): out[b, j] = x[b, indices[b, j]] (0 for an index
   outside [0, n)). Launch: global >= batch * k. */
KERNEL gather_rows(const GLOBAL float* x, const GLOBAL int* indices, GLOBAL float* out, int batch, int n, int k) {
    int i = GID_X;
    if (i < batch * k) {
        int b = i / k;
        int at = indices[i];
        out[i] = (at >= 0 && at < n) ? x[b * n + at] : 0.0f;
    }
}

/* argmax_rows(x, out, batch, n): out[b] = index of the largest x[b, :], ties to the lower index.
   Launch: local WG, global WG * batch (one work-group per row). */
KERNEL argmax_rows(const GLOBAL float* x, GLOBAL int* out, int batch, int n) {
    LOCAL float bestValue[WG];
    LOCAL int bestIndex[WG];
    int lid = LID_X;
    int b = GROUP_X;
    const GLOBAL float* xr = x + b * n;
    int best = -1;
    float value = 0.0f;
    for (int i = lid; i < n; i += WG) {
        float v = xr[i];
        if (best < 0 || v > value) {
            value = v;
            best = i;
        }
    }
    bestValue[lid] = value;
    bestIndex[lid] = best;
    BARRIER();
    for (int s = WG / 2; s > 0; s >>= 1) {
        if (lid < s) {
            int oi = bestIndex[lid + s];
            float ov = bestValue[lid + s];
            int mi = bestIndex[lid];
            if (oi >= 0 && (mi < 0 || ov > bestValue[lid] || (ov == bestValue[lid] && oi < mi))) {
                bestValue[lid] = ov;
                bestIndex[lid] = oi;
            }
        }
        BARRIER();
    }
    if (lid == 0) {
        out[b] = bestIndex[0];
    }
}
