/*
 * Log-softmax and negative log-likelihood. Contract: io.sparsa.backend.ops.LossOps.
 */

/*
 * log_softmax(x, out, batch, classes)
 *   out[b, :] = x[b, :] - max - log(sum exp(x[b, :] - max)); x and out may be one buffer.
 * Launch: local WG, global WG * batch (one work-group per row).
 */
KERNEL log_softmax(const GLOBAL float* x, GLOBAL float* out, int batch, int classes) {
    LOCAL float red[WG];
    int lid = LID_X;
    int b = GROUP_X;
    const GLOBAL float* xr = x + b * classes;
    float m = NEG_INFINITY;
    for (int i = lid; i < classes; i += WG) {
        float v = xr[i];
        if (v > m) {
            m = v;
        }
    }
    m = wg_max_float(red, m, lid);
    float s = 0.0f;
    for (int i = lid; i < classes; i += WG) {
        s += EXP(xr[i] - m);
    }
    s = wg_sum_float(red, s, lid);
    float logSum = LOG(s);
    GLOBAL float* outr = out + b * classes;
    for (int i = lid; i < classes; i += WG) {
        outr[i] = (xr[i] - m) - logSum;
    }
}

/*
 * nll_loss_sum(logProbs, labels, result, batch, classes)
 *   result[0] = -sum over b of logProbs[b, labels[b]], result[1] = number of labels outside
 *   [0, classes) (they add nothing). The host divides by batch.
 * Launch: local WG, global WG (a single work-group).
 */
KERNEL nll_loss_sum(const GLOBAL float* logProbs, const GLOBAL int* labels, GLOBAL float* result, int batch,
                    int classes) {
    LOCAL float red[WG];
    int lid = LID_X;
    float s = 0.0f;
    float bad = 0.0f;
    for (int b = lid; b < batch; b += WG) {
        int label = labels[b];
        if (label >= 0 && label < classes) {
            s -= logProbs[b * classes + label];
        } else {
            bad += 1.0f;
        }
    }
    s = wg_sum_float(red, s, lid);
    bad = wg_sum_float(red, bad, lid);
    if (lid == 0) {
        result[0] = s;
        result[1] = bad;
    }
}

/*
 * log_softmax_nll_backward(logProbs, labels, dLogits, batch, classes)
 *   dLogits[b, c] = (exp(logProbs[b, c]) - (c == labels[b] ? 1 : 0)) / batch.
 * Launch: global >= batch * classes (any local size).
 */
KERNEL log_softmax_nll_backward(const GLOBAL float* logProbs, const GLOBAL int* labels, GLOBAL float* dLogits,
                                int batch, int classes) {
    int i = GID_X;
    if (i < batch * classes) {
        int b = i / classes;
        float hot = (i - b * classes) == labels[b] ? 1.0f : 0.0f;
        dLogits[i] = (EXP(logProbs[i]) - hot) / (float) batch;
    }
}
