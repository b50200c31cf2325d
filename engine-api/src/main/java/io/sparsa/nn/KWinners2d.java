package io.sparsa.nn;

import io.sparsa.backend.Backend;
import io.sparsa.tensor.Tensor;

import java.util.List;

/**
 * k-winners-take-all over NCHW activations, as nupic.torch's {@code KWinners2d(channels, percentOn,
 * ..., local)}. Global: per sample, the {@code k} largest boosted scores over all {@code C*H*W}
 * units win, boosting and duty cycles per channel (target density {@code k / (C*H*W)}). Local: at
 * every position the {@code k} largest boosted channels win (target density {@code k / C}). A
 * channel's duty cycle counts its active units over the batch divided by {@code H*W}.
 */
public final class KWinners2d extends KWinnersBase {
    public static final String TYPE = "KWinners2d";

    private final int channels;
    private final boolean local;

    /**
     * @param k          winners per sample (global, of {@code C*H*W}) or per position (local, of {@code C})
     * @param kInference the same in evaluation
     */
    public KWinners2d(Backend backend, int channels, int k, int kInference, boolean local, Boosting boosting) {
        super(backend, "KWinners2d(channels=" + channels + ")", channels, k, kInference, boosting);
        if (local && (k > channels || kInference > channels)) {
            throw new IllegalArgumentException("KWinners2d(channels=" + channels + ", local): k and kInference must be <= "
                    + channels + ", got k=" + k + ", kInference=" + kInference);
        }
        this.channels = channels;
        this.local = local;
    }

    /** Global winners over {@code [channels, height, width]} with {@code kInference = min(C*H*W, round(k * factor))}. */
    public static KWinners2d global(Backend backend, int channels, int height, int width, int k,
                                    double kInferenceFactor, Boosting boosting) {
        return new KWinners2d(backend, channels, k, kInference(channels * height * width, k, kInferenceFactor), false,
                boosting);
    }

    /** Local winners among {@code channels} with {@code kInference = min(C, round(k * factor))}. */
    public static KWinners2d local(Backend backend, int channels, int k, double kInferenceFactor, Boosting boosting) {
        return new KWinners2d(backend, channels, k, kInference(channels, k, kInferenceFactor), true, boosting);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public LayerSpec spec() {
        return LayerSpec.of(TYPE).with("channels", channels).with("k", k).with("kInference", kInference)
                .with("local", local).with("boostStrength", boosting.strength())
                .with("boostStrengthFactor", boosting.strengthFactor())
                .with("dutyCyclePeriod", boosting.dutyCyclePeriod()).build();
    }

    public int channels() {
        return channels;
    }

    public boolean isLocal() {
        return local;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != 3 || inputShape[0] != channels) {
            throw new IllegalArgumentException(this + " takes per-sample input [" + channels + ", H, W], got "
                    + io.sparsa.tensor.Shapes.format(inputShape));
        }
        int n = inputShape[0] * inputShape[1] * inputShape[2];
        if (!local && (k > n || kInference > n)) {
            throw new IllegalArgumentException(this + ": k=" + k + " and kInference=" + kInference
                    + " must not exceed the " + n + " units of input " + io.sparsa.tensor.Shapes.format(inputShape));
        }
        return inputShape.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        checkRank(x, 4, "[B, " + channels + ", H, W]");
        outputShape(new int[]{x.dim(1), x.dim(2), x.dim(3)});
        int batch = x.dim(0);
        int n = x.dim(1) * x.dim(2) * x.dim(3);
        int kk = activeK();
        Tensor result = out.get(x.shape());
        Tensor flat = result.reshape(batch, n);
        if (local) {
            backend().kWinnersLocal(x, boostFor(kk, channels), kk, result, indices.get(batch, kk, x.dim(2), x.dim(3)));
        } else {
            backend().kWinners(x.reshape(batch, n), boostFor(kk, n), kk, flat, indices.get(batch, kk));
        }
        if (isTraining()) {
            updateDutyCycles(flat);
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
        if (local) {
            backend().kWinnersLocalBackward(dy, indices.current(), d);
        } else {
            int batch = shape[0];
            backend().kWinnersBackward(dy.reshape(batch, -1), indices.current(), d.reshape(batch, -1));
        }
        return d;
    }

    /** nupic.torch keeps the duty cycles as {@code [1, C, 1, 1]}. */
    @Override
    public List<StateTensor> state() {
        return kWinnersState(new int[]{1, channels, 1, 1});
    }
}
