package io.sparsa.backend.ops;

import io.sparsa.tensor.Tensor;

/**
 * k-winners-take-all with boosting, and the duty cycles that drive boosting.
 *
 * <p>Boost tensors may have one entry per unit, or one per group of consecutive units: a boost of
 * length {@code g} over rows of {@code n} units ({@code n % g == 0}) applies entry {@code i / (n / g)}
 * to unit {@code i}. That is how the 2-d global variant works: reshape {@code [B, C, H, W]} to
 * {@code [B, C*H*W]} and pass a per-channel boost of length C.
 */
public interface WinnerOps {
    /**
     * For each row of x {@code [B, n]}: the winners are the {@code min(k, n)} units with the
     * largest boosted score {@code x[b, i] * boost[i / (n / g)]} (boost may be null: no boosting);
     * ties go to the lower index, so exactly {@code min(k, n)} units win. {@code out} {@code [B, n]}
     * (overwritten) keeps the un-boosted x at winners and 0 elsewhere; {@code indices} int32
     * {@code [B, min(k, n)]} (overwritten) receives the winners' positions in ascending order.
     *
     * @throws IllegalArgumentException when {@code k <= 0}
     */
    void kWinners(Tensor x, Tensor boost, int k, Tensor out, Tensor indices);

    /**
     * Local 2-d variant: at every {@code (b, h, w)} of x {@code [B, C, H, W]}, the {@code min(k, C)}
     * channels with the largest boosted score {@code x[b, c, h, w] * boost[c]} win (ties to the
     * lower channel). {@code out} {@code [B, C, H, W]} (overwritten); {@code indices} int32
     * {@code [B, min(k, C), H, W]} (overwritten) holds the winning channels in ascending order.
     */
    void kWinnersLocal(Tensor x, Tensor boost, int k, Tensor out, Tensor indices);

    /** {@code dx = dy} at the winners in {@code indices} ({@code [B, k]}), 0 elsewhere; dx {@code [B, n]}. */
    void kWinnersBackward(Tensor dy, Tensor indices, Tensor dx);

    /** Local variant of {@link #kWinnersBackward}; indices {@code [B, k, H, W]}. */
    void kWinnersLocalBackward(Tensor dy, Tensor indices, Tensor dx);

    /**
     * Moving-average duty cycles over a batch: with {@code out} viewed as {@code [B, n]} and duty of
     * length {@code g} ({@code n % g == 0}, group size {@code s = n / g}), {@code activeCount[u] =
     * (number of (b, i) with i in group u and out[b, i] > 0) / s} and
     * {@code duty[u] = (duty[u] * (period - B) + activeCount[u]) / period}. The caller passes
     * {@code period = min(dutyCyclePeriod, samplesSeen)}, samples of this batch included.
     */
    void dutyCycleUpdate(Tensor out, Tensor duty, int period);

    /** {@code boost[u] = exp((targetDensity - duty[u]) * boostStrength)}; boost and duty of one shape. */
    void boostFactors(Tensor duty, float targetDensity, float boostStrength, Tensor boost);
}
