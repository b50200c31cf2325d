/*
 * Batch normalisation over dimension 1 of x [batch, channels, inner] (inner = H * W, or 1 for
 * [batch, channels]). Contract: io.sparsa.backend.ops.NormOps#batchNorm.
 */

/*
 * batchnorm_train_stats(x, saveMean, saveInvStd, runningMean, runningVar, batch, channels, inner,
 *                       momentum, eps)
 *   Per channel over m = batch * inner values: mean, biased variance (second pass over x - mean),
 *   saveMean = mean, saveInvStd = 1 / sqrt(var + eps); running = (1 - momentum) * running
 *   + momentum * stat, with the unbiased variance var * m / (m - 1) (var itself when m == 1).
 * Launch: local WG, global WG * channels (one work-group per channel).
 */
KERNEL batchnorm_train_stats(const GLOBAL float* x, GLOBAL float* saveMean, GLOBAL float* saveInvStd,
                             GLOBAL float* runningMean, GLOBAL float* runningVar, int batch, int channels,
                             int inner, float momentum, float eps) {
    LOCAL float red[WG];
    int lid = LID_X;
    int c = GROUP_X;
    int m = batch * inner;
    float s = 0.0f;
    for (int e = lid; e < m; e += WG) {
        int b = e / inner;
        s += x[(b * channels + c) * inner + (e - b * inner)];
    }
    float mean = wg_sum_float(red, s, lid) / (float) m;
    float q = 0.0f;
    for (int e = lid; e < m; e += WG) {
        int b = e / inner;
        float d = x[(b * channels + c) * inner + (e - b * inner)] - mean;
        q += d * d;
    }
    float var = wg_sum_float(red, q, lid) / (float) m;
    if (lid == 0) {
        saveMean[c] = mean;
        saveInvStd[c] = 1.0f / SQRT(var + eps);
        float unbiased = m > 1 ? var * (float) m / (float) (m - 1) : var;
        runningMean[c] = (1.0f - momentum) * runningMean[c] + momentum * mean;
        runningVar[c] = (1.0f - momentum) * runningVar[c] + momentum * unbiased;
    }
}

/*
 * batchnorm_eval_stats(runningMean, runningVar, saveMean, saveInvStd, channels, eps)
 *   saveMean = runningMean, saveInvStd = 1 / sqrt(runningVar + eps).
 * Launch: global >= channels (any local size).
 */
KERNEL batchnorm_eval_stats(const GLOBAL float* runningMean, const GLOBAL float* runningVar, GLOBAL float* saveMean,
                            GLOBAL float* saveInvStd, int channels, float eps) {
    int c = GID_X;
    if (c < channels) {
        saveMean[c] = runningMean[c];
        saveInvStd[c] = 1.0f / SQRT(runningVar[c] + eps);
    }
}

/*
 * batchnorm_apply(x, gamma, beta, hasAffine, saveMean, saveInvStd, y, count, channels, inner)
 *   y = (x - mean[c]) * invStd[c] * gamma[c] + beta[c] (gamma, beta read only when hasAffine).
 * Launch: global >= count (any local size).
 */
KERNEL batchnorm_apply(const GLOBAL float* x, const GLOBAL float* gamma, const GLOBAL float* beta, int hasAffine,
                       const GLOBAL float* saveMean, const GLOBAL float* saveInvStd, GLOBAL float* y, int count,
                       int channels, int inner) {
    int i = GID_X;
    if (i < count) {
        int c = (i / inner) % channels;
        float v = (x[i] - saveMean[c]) * saveInvStd[c];
        y[i] = hasAffine ? v * gamma[c] + beta[c] : v;
    }
}

/*
 * batchnorm_backward_reduce(dy, x, saveMean, saveInvStd, sums, dGamma, hasDGamma, dBeta, hasDBeta,
 *                           batch, channels, inner)
 *   sums[c * 2] = sum dy, sums[c * 2 + 1] = sum dy * xhat over the channel's values, with
 *   xhat = (x - mean) * invStd; dBeta = sum dy and dGamma = sum dy * xhat when asked for.
 * Launch: local WG, global WG * channels (one work-group per channel).
 */
KERNEL batchnorm_backward_reduce(const GLOBAL float* dy, const GLOBAL float* x, const GLOBAL float* saveMean,
                                 const GLOBAL float* saveInvStd, GLOBAL float* sums, GLOBAL float* dGamma,
                                 int hasDGamma, GLOBAL float* dBeta, int hasDBeta, int batch, int channels,
                                 int inner) {
    LOCAL float red[WG];
    int lid = LID_X;
    int c = GROUP_X;
    int m = batch * inner;
    float mean = saveMean[c];
    float invStd = saveInvStd[c];
    float sd = 0.0f;
    float sdx = 0.0f;
    for (int e = lid; e < m; e += WG) {
        int b = e / inner;
        int at = (b * channels + c) * inner + (e - b * inner);
        float g = dy[at];
        sd += g;
        sdx += g * ((x[at] - mean) * invStd);
    }
    sd = wg_sum_float(red, sd, lid);
    sdx = wg_sum_float(red, sdx, lid);
    if (lid == 0) {
        sums[c * 2] = sd;
        sums[c * 2 + 1] = sdx;
        if (hasDBeta) {
            dBeta[c] = sd;
        }
        if (hasDGamma) {
            dGamma[c] = sdx;
        }
    }
}

/*
 * batchnorm_backward_data(dy, x, gamma, hasGamma, saveMean, saveInvStd, sums, dx, count, channels,
 *                         inner, m)
 *   dx = gamma * invStd * (dy - sum dy / m - xhat * sum(dy * xhat) / m), gamma = 1 when absent;
 *   m = batch * inner.
 * Launch: global >= count (any local size).
 */
KERNEL batchnorm_backward_data(const GLOBAL float* dy, const GLOBAL float* x, const GLOBAL float* gamma,
                               int hasGamma, const GLOBAL float* saveMean, const GLOBAL float* saveInvStd,
                               const GLOBAL float* sums, GLOBAL float* dx, int count, int channels, int inner,
                               int m) {
    int i = GID_X;
    if (i < count) {
        int c = (i / inner) % channels;
        float invStd = saveInvStd[c];
        float xhat = (x[i] - saveMean[c]) * invStd;
        float g = hasGamma ? gamma[c] : 1.0f;
        float fm = (float) m;
        dx[i] = g * invStd * (dy[i] - sums[c * 2] / fm - xhat * sums[c * 2 + 1] / fm);
    }
}
