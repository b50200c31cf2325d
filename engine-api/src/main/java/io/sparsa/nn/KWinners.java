package io.sparsa.nn;

import io.sparsa.backend.Backend;
import io.sparsa.tensor.Tensor;

/**
 * k-winners-take-all over {@code n} units, as nupic.torch's {@code KWinners(n, percentOn,
 * kInferenceFactor, boostStrength, boostStrengthFactor, dutyCyclePeriod)}: per sample, the units
 * with the largest boosted scores keep their (un-boosted) value and all others output 0; the
 * gradient flows through the winners only. See {@link KWinnersBase} for boosting and duty cycles.
 */
public final class KWinners extends KWinnersBase {
    public static final String TYPE = "KWinners";

    private final int n;

    /**
     * @param k          winners per sample in training, 1..n
     * @param kInference winners per sample in evaluation, 1..n (see {@link #kInference(int, int, double)})
     */
    public KWinners(Backend backend, int n, int k, int kInference, Boosting boosting) {
        super(backend, "KWinners(n=" + n + ")", n, k, kInference, boosting);
        if (k > n || kInference > n) {
            throw new IllegalArgumentException("KWinners(n=" + n + "): k and kInference must be <= n, got k=" + k
                    + ", kInference=" + kInference);
        }
        this.n = n;
    }

    /** With nupic.torch's parameters: {@code kInference = min(n, round(k * kInferenceFactor))}. */
    public static KWinners of(Backend backend, int n, int k, double kInferenceFactor, Boosting boosting) {
        return new KWinners(backend, n, k, kInference(n, k, kInferenceFactor), boosting);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public LayerSpec spec() {
        return LayerSpec.of(TYPE).with("n", n).with("k", k).with("kInference", kInference)
                .with("boostStrength", boosting.strength()).with("boostStrengthFactor", boosting.strengthFactor())
                .with("dutyCyclePeriod", boosting.dutyCyclePeriod()).build();
    }

    public int units() {
        return n;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        requireShape(inputShape, n);
        return inputShape.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        checkInput(x, n);
        int batch = x.dim(0);
        int kk = activeK();
        Tensor result = out.get(batch, n);
        backend().kWinners(x, boostFor(kk, n), kk, result, indices.get(batch, kk));
        if (isTraining()) {
            updateDutyCycles(result);
        }
        rememberInput(x);
        return result;
    }

    @Override
    public Tensor backward(Tensor dy, boolean inputGradient) {
        int[] shape = lastInputShape();
        if (!inputGradient) {
            return null;
        }
        Tensor d = dx.get(shape);
        backend().kWinnersBackward(dy, indices.current(), d);
        return d;
    }
}
