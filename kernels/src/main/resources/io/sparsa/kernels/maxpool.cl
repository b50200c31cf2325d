/*
 * Max pooling without padding (floor mode). Contract: io.sparsa.backend.ops.ConvOps#maxPool2d.
 */

/*
 * maxpool2d_forward(x, y, argmax, planes, inH, inW, outH, outW, window, stride)
 *   planes = N * C; y / argmax [planes, outH, outW]; argmax holds h * inW + w within the input
 *   plane; ties go to the first window element in row-major order.
 * Launch: global >= planes * outH * outW (any local size).
 */
KERNEL maxpool2d_forward(const GLOBAL float* x, GLOBAL float* y, GLOBAL int* argmax, int planes, int inH, int inW,
                         int outH, int outW, int window, int stride) {
    int i = GID_X;
    if (i >= planes * outH * outW) {
        return;
    }
    int plane = i / (outH * outW);
    int r = i - plane * outH * outW;
    int oy = r / outW;
    int ox = r - oy * outW;
    const GLOBAL float* xp = x + plane * inH * inW;
    int y0 = oy * stride;
    int x0 = ox * stride;
    int best = y0 * inW + x0;
    float bestValue = xp[best];
    for (int ki = 0; ki < window; ki++) {
        for (int kj = 0; kj < window; kj++) {
            int pos = (y0 + ki) * inW + x0 + kj;
            float v = xp[pos];
            if (v > bestValue) {
                bestValue = v;
                best = pos;
            }
        }
    }
    y[i] = bestValue;
    argmax[i] = best;
}

/*
 * maxpool2d_backward(dy, argmax, dx, planes, inHW, outHW)
 *   dx (overwritten) = 0, then dy[plane, o] added at argmax[plane, o] for o in order. One
 *   work-item per plane, so overlapping windows never race and the sum order is fixed.
 *   Positions outside [0, inHW) add nothing.
 * Launch: global >= planes (any local size).
 */
KERNEL maxpool2d_backward(const GLOBAL float* dy, const GLOBAL int* argmax, GLOBAL float* dx, int planes, int inHW,
                          int outHW) {
    int plane = GID_X;
    if (plane >= planes) {
        return;
    }
    GLOBAL float* dxp = dx + plane * inHW;
    for (int i = 0; i < inHW; i++) {
        dxp[i] = 0.0f;
    }
    for (int o = 0; o < outHW; o++) {
        int pos = argmax[plane * outHW + o];
        if (pos >= 0 && pos < inHW) {
            dxp[pos] += dy[plane * outHW + o];
        }
    }
}
