package io.sparsa.backend.ops;

import io.sparsa.tensor.Tensor;

/** Batch normalisation and dropout. */
public interface NormOps {
    /**
     * Batch normalisation over dimension 1 of x {@code [B, C]} or {@code [B, C, H, W]}, as PyTorch's
     * {@code BatchNorm1d}/{@code BatchNorm2d}: {@code y = (x - mean) * invStd * gamma + beta}, where
     * gamma and beta ({@code [C]}) may both be null (no affine parameters).
     *
     * <p>Training: mean and biased variance over {@code B*H*W}; {@code saveMean} and
     * {@code saveInvStd = 1 / sqrt(var + eps)} receive them; the running statistics move by
     * {@code running = (1 - momentum) * running + momentum * batchStat}, with the unbiased variance.
     * Evaluation: the running statistics are used (and written to saveMean / saveInvStd).
     */
    void batchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, boolean training,
                   float momentum, float eps, Tensor y, Tensor saveMean, Tensor saveInvStd);

    /**
     * Backward of a training-mode {@link #batchNorm}: dx (overwritten) and, unless null, dGamma and
     * dBeta {@code [C]} (overwritten). gamma null means 1.
     */
    void batchNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor saveMean, Tensor saveInvStd, Tensor dx,
                           Tensor dGamma, Tensor dBeta);

    /**
     * Inverted dropout with a counter-based generator, so every backend draws the same mask:
     * element i is kept when {@link io.sparsa.random.Philox#uniform(long, long) Philox.uniform(seed,
     * offset + i)} {@code >= p}. {@code mask} receives {@code 1 / (1 - p)} where kept and 0 elsewhere,
     * {@code y = x * mask}. {@code 0 <= p < 1}; x, y, mask of one shape.
     */
    void dropout(Tensor x, float p, long seed, long offset, Tensor y, Tensor mask);
}
