package io.sparsa.opencl;

import io.sparsa.backend.Checks;
import io.sparsa.tensor.Tensor;

/** Log-softmax and negative log-likelihood ({@code loss.cl}). */
final class ClLossOps {
    private final ClBackend b;

    ClLossOps(ClBackend b) {
        this.b = b;
    }

    void logSoftmax(Tensor x, Tensor out) {
        Checks.logSoftmax(b, x, out);
        if (x.dim(1) == 0) {
            return;
        }
        b.launch("log_softmax").buffer(x).buffer(out).arg(x.dim(0)).arg(x.dim(1)).groups(x.dim(0), b.tuning().workGroup());
    }

    /** Reads the loss back, so it waits for the queued work. */
    float nllLoss(Tensor logProbs, Tensor labels) {
        Checks.nllLoss(b, logProbs, labels);
        int batch = logProbs.dim(0);
        int classes = logProbs.dim(1);
        float[] sumAndBad = new float[2];
        synchronized (b.context()) {
            long result = b.context().scratch("nll.result", 8);
            b.launch("nll_loss_sum").buffer(logProbs).buffer(labels).buffer(result).arg(batch).arg(classes)
                    .groups(1, b.tuning().workGroup());
            b.read(result, sumAndBad);
        }
        if (sumAndBad[1] > 0) {
            throw new IllegalArgumentException("argument 'labels': " + (long) sumAndBad[1] + " of " + batch
                    + " labels lie outside [0, " + classes + ")");
        }
        return sumAndBad[0] / batch;
    }

    void logSoftmaxNllBackward(Tensor logProbs, Tensor labels, Tensor dLogits) {
        Checks.logSoftmaxNllBackward(b, logProbs, labels, dLogits);
        b.launch("log_softmax_nll_backward").buffer(logProbs).buffer(labels).buffer(dLogits).arg(logProbs.dim(0))
                .arg(logProbs.dim(1)).items(logProbs.size());
    }
}
