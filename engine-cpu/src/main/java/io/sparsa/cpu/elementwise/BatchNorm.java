package io.sparsa.cpu.elementwise;

import io.sparsa.cpu.parallel.CpuThreadPool;

/**
 * Batch normalisation over dimension 1, channels in parallel. Statistics are summed in double
 * in the reference's order, so the saved mean and inverse deviation match it closely.
 */
public final class BatchNorm {
    private final CpuThreadPool pool;

    public BatchNorm(CpuThreadPool pool) {
        this.pool = pool;
    }

    /** x and y {@code [batch, channels, plane]} (plane 1 for 2-d input); gamma/beta may be null. */
    public void forward(float[] x, int batch, int channels, int plane, float[] gamma, float[] beta,
                        float[] runningMean, float[] runningVar, boolean training, float momentum, float eps, float[] y,
                        float[] saveMean, float[] saveInvStd) {
        long count = (long) batch * plane;
        pool.forRange(channels, minChannels(batch, plane), (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                double mean;
                double invStd;
                if (training) {
                    double sum = 0;
                    for (int b = 0; b < batch; b++) {
                        int off = (b * channels + c) * plane;
                        for (int p = 0; p < plane; p++) {
                            sum += x[off + p];
                        }
                    }
                    mean = sum / count;
                    double squares = 0;
                    for (int b = 0; b < batch; b++) {
                        int off = (b * channels + c) * plane;
                        for (int p = 0; p < plane; p++) {
                            double d = x[off + p] - mean;
                            squares += d * d;
                        }
                    }
                    double biasedVar = squares / count;
                    double unbiasedVar = squares / (count - 1);
                    invStd = 1 / Math.sqrt(biasedVar + eps);
                    runningMean[c] = (float) ((1 - (double) momentum) * runningMean[c] + momentum * mean);
                    runningVar[c] = (float) ((1 - (double) momentum) * runningVar[c] + momentum * unbiasedVar);
                } else {
                    mean = runningMean[c];
                    invStd = 1 / Math.sqrt((double) runningVar[c] + eps);
                }
                saveMean[c] = (float) mean;
                saveInvStd[c] = (float) invStd;
                double scale = gamma == null ? invStd : invStd * gamma[c];
                double shift = beta == null ? 0 : beta[c];
                for (int b = 0; b < batch; b++) {
                    int off = (b * channels + c) * plane;
                    for (int p = 0; p < plane; p++) {
                        y[off + p] = (float) ((x[off + p] - mean) * scale + shift);
                    }
                }
            }
        });
    }

    /** dx (overwritten) and, unless null, dGamma and dBeta; gamma null counts as 1. */
    public void backward(float[] dy, float[] x, int batch, int channels, int plane, float[] gamma, float[] saveMean,
                         float[] saveInvStd, float[] dx, float[] dGamma, float[] dBeta) {
        long count = (long) batch * plane;
        pool.forRange(channels, minChannels(batch, plane), (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                double mean = saveMean[c];
                double invStd = saveInvStd[c];
                double sumDy = 0;
                double sumDyXhat = 0;
                for (int b = 0; b < batch; b++) {
                    int off = (b * channels + c) * plane;
                    for (int p = 0; p < plane; p++) {
                        sumDy += dy[off + p];
                        sumDyXhat += dy[off + p] * (x[off + p] - mean) * invStd;
                    }
                }
                if (dGamma != null) {
                    dGamma[c] = (float) sumDyXhat;
                }
                if (dBeta != null) {
                    dBeta[c] = (float) sumDy;
                }
                // dx = gamma * invStd / m * (m * dy - sum(dy) - xhat * sum(dy * xhat)), m = B*H*W.
                double g = gamma == null ? 1 : gamma[c];
                double factor = g * invStd / count;
                for (int b = 0; b < batch; b++) {
                    int off = (b * channels + c) * plane;
                    for (int p = 0; p < plane; p++) {
                        double xhat = (x[off + p] - mean) * invStd;
                        dx[off + p] = (float) (factor * (count * dy[off + p] - sumDy - xhat * sumDyXhat));
                    }
                }
            }
        });
    }

    private static int minChannels(int batch, int plane) {
        return Math.max(1, Elementwise.GRAIN / Math.max(1, batch * plane));
    }
}
