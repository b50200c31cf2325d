package io.sparsa.train;

import io.sparsa.backend.Backend;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.Tensor;

/**
 * Cross-entropy of logits against class labels: log-softmax followed by the mean negative
 * log-likelihood, as PyTorch's {@code F.cross_entropy} (equivalently {@code log_softmax} in the
 * model and {@code F.nll_loss}, as the paper's networks do). Owns its buffers; close it when done.
 */
public final class CrossEntropyLoss implements AutoCloseable {
    private final Backend backend;
    private Tensor logProbs;
    private Tensor dLogits;
    private Tensor labels;

    public CrossEntropyLoss(Backend backend) {
        this.backend = backend;
    }

    /** The mean loss over the batch; {@code logits} {@code [B, C]}, {@code labels} int32 {@code [B]}. */
    public float forward(Tensor logits, Tensor labels) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("cross-entropy: logits must be [B, classes], got " + logits.describe());
        }
        logProbs = fit(logProbs, DType.FLOAT32, logits.shape());
        backend.logSoftmax(logits, logProbs);
        this.labels = labels;
        return backend.nllLoss(logProbs, labels);
    }

    /** The gradient of the last {@link #forward} with respect to the logits (owned by this loss). */
    public Tensor backward() {
        if (labels == null) {
            throw new IllegalStateException("cross-entropy: backward called before forward");
        }
        dLogits = fit(dLogits, DType.FLOAT32, logProbs.shape());
        backend.logSoftmaxNllBackward(logProbs, labels, dLogits);
        return dLogits;
    }

    /** The log-probabilities of the last forward, {@code [B, C]} (owned by this loss). */
    public Tensor logProbabilities() {
        return logProbs;
    }

    private Tensor fit(Tensor t, DType dtype, int[] shape) {
        if (t != null && java.util.Arrays.equals(t.shape(), shape)) {
            return t;
        }
        if (t != null) {
            t.close();
        }
        return backend.zeros(dtype, shape);
    }

    @Override
    public void close() {
        if (logProbs != null) {
            logProbs.close();
            logProbs = null;
        }
        if (dLogits != null) {
            dLogits.close();
            dLogits = null;
        }
        labels = null;
    }
}
