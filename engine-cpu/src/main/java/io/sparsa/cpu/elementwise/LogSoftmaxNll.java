package io.sparsa.cpu.elementwise;

import io.sparsa.cpu.parallel.CpuThreadPool;

/**
 * Log-softmax and the negative log-likelihood, in double like the reference: rows are short
 * (the class count), so exactness costs nothing measurable here.
 */
public final class LogSoftmaxNll {
    private final CpuThreadPool pool;

    public LogSoftmaxNll(CpuThreadPool pool) {
        this.pool = pool;
    }

    /** {@code out = x - logsumexp(x)} per row; out may be x. */
    public void logSoftmax(float[] x, int batch, int classes, float[] out) {
        pool.forRange(batch, Math.max(1, Elementwise.GRAIN / Math.max(1, classes)), (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                int row = b * classes;
                // The row maximum keeps exp() from overflowing.
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    max = Math.max(max, x[row + c]);
                }
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    sum += Math.exp(x[row + c] - max);
                }
                double logSumExp = max + Math.log(sum);
                for (int c = 0; c < classes; c++) {
                    out[row + c] = (float) (x[row + c] - logSumExp);
                }
            }
        });
    }

    /** {@code -(1/B) sum_b logProbs[b, labels[b]]}. */
    public static float nllLoss(float[] logProbs, int batch, int classes, int[] labels) {
        double sum = 0;
        for (int b = 0; b < batch; b++) {
            sum += logProbs[b * classes + label(labels, b, classes)];
        }
        return (float) (-sum / batch);
    }

    /** {@code dLogits = (exp(logProbs) - onehot(labels)) / B}. */
    public void backward(float[] logProbs, int batch, int classes, int[] labels, float[] dLogits) {
        for (int b = 0; b < batch; b++) {
            label(labels, b, classes);
        }
        pool.forRange(batch, Math.max(1, Elementwise.GRAIN / Math.max(1, classes)), (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                int label = labels[b];
                int row = b * classes;
                for (int c = 0; c < classes; c++) {
                    double p = Math.exp(logProbs[row + c]);
                    dLogits[row + c] = (float) ((p - (c == label ? 1 : 0)) / batch);
                }
            }
        });
    }

    private static int label(int[] labels, int b, int classes) {
        int label = labels[b];
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException("argument 'labels': element " + b + " is " + label
                    + ", expected a class in [0, " + classes + ")");
        }
        return label;
    }
}
