package io.sparsa.backend.ops;

import io.sparsa.tensor.Tensor;

/** Log-softmax with negative log-likelihood: the cross-entropy loss. */
public interface LossOps {
    /** Row-wise {@code out = x - logsumexp(x)}; x and out {@code [B, C]} (may be the same tensor). */
    void logSoftmax(Tensor x, Tensor out);

    /**
     * Mean negative log-likelihood {@code -(1/B) sum_b logProbs[b, labels[b]]}; logProbs {@code [B, C]},
     * labels int32 {@code [B]} with values in {@code [0, C)}.
     */
    float nllLoss(Tensor logProbs, Tensor labels);

    /**
     * Gradient of {@code nllLoss(logSoftmax(logits))} with respect to the logits, from the
     * log-probabilities: {@code dLogits = (exp(logProbs) - onehot(labels)) / B}.
     */
    void logSoftmaxNllBackward(Tensor logProbs, Tensor labels, Tensor dLogits);
}
