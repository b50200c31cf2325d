package io.sparsa.nn;

import io.sparsa.backend.Backend;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * What {@link KWinners} and {@link KWinners2d} share, following nupic.torch: k winners in
 * training, {@code kInference} in evaluation; boosting from duty cycles with the current strength
 * in both modes, with target density {@code k_used / n}; duty cycles updated after every training
 * batch, {@code duty = (duty * (period - B) + activeCount) / period} with
 * {@code period = min(dutyCyclePeriod, samplesSeen)}, and frozen in evaluation.
 */
public abstract class KWinnersBase extends Layer {
    protected final int k;
    protected final int kInference;
    protected final Boosting boosting;
    /** Per-unit (or per-channel) duty cycles, float32 {@code [units]}. */
    protected final Tensor duty;
    /** Boost factors computed for the current forward, float32 {@code [units]}. */
    protected final Tensor boost;
    protected final BufferSlot out = slot(DType.FLOAT32);
    protected final BufferSlot indices = slot(DType.INT32);
    protected final BufferSlot dx = slot(DType.FLOAT32);
    private double strength;
    private long samplesSeen;
    private int[] lastInputShape;

    protected KWinnersBase(Backend backend, String what, int units, int k, int kInference, Boosting boosting) {
        super(backend);
        if (units < 1) {
            throw new IllegalArgumentException(what + ": the number of units must be >= 1, got " + units);
        }
        if (k < 1 || kInference < 1) {
            throw new IllegalArgumentException(what + ": k and kInference must be >= 1, got k=" + k + ", kInference="
                    + kInference);
        }
        if (boosting == null) {
            throw new IllegalArgumentException(what + ": boosting must not be null (use Boosting.NONE)");
        }
        this.k = k;
        this.kInference = kInference;
        this.boosting = boosting;
        this.strength = boosting.strength();
        this.duty = own(backend.zeros(units));
        this.boost = own(backend.zeros(units));
    }

    /** {@code min(units, round(k * kInferenceFactor))}, halves rounding to even as Python's {@code round}. */
    public static int kInference(int units, int k, double kInferenceFactor) {
        if (!(kInferenceFactor > 0) || !Double.isFinite(kInferenceFactor)) {
            throw new IllegalArgumentException("kInferenceFactor must be finite and > 0, got " + kInferenceFactor);
        }
        return Math.max(1, Math.min(units, Init.round(k * kInferenceFactor)));
    }

    /** {@code round(units * percentOn)}: k for a fraction of active units. */
    public static int kFor(int units, double percentOn) {
        if (!(percentOn > 0 && percentOn <= 1)) {
            throw new IllegalArgumentException("percentOn must be in (0, 1], got " + percentOn);
        }
        return Math.max(1, Init.round(units * percentOn));
    }

    public int k() {
        return k;
    }

    public int kInference() {
        return kInference;
    }

    public Boosting boosting() {
        return boosting;
    }

    /** The current boost strength (after every decay so far). */
    public double boostStrength() {
        return strength;
    }

    /** Multiplies the boost strength by the boost-strength factor; call once per epoch. */
    public void updateBoostStrength() {
        strength *= boosting.strengthFactor();
    }

    /** Training samples seen since construction or loading (drives the duty-cycle period). */
    public long samplesSeen() {
        return samplesSeen;
    }

    /** A host copy of the duty cycles, one per unit (or channel). */
    public float[] dutyCycles() {
        return duty.toFloatArray();
    }

    /** The k winners in use now: {@code k} in training, {@code kInference} in evaluation. */
    protected final int activeK() {
        return isTraining() ? k : kInference;
    }

    /**
     * The boost tensor for {@code kUsed} winners out of {@code n} scores, or null when the strength
     * is 0 (no boosting, as nupic.torch skips it).
     */
    protected final Tensor boostFor(int kUsed, int n) {
        if (strength <= 0) {
            return null;
        }
        backend().boostFactors(duty, (float) ((double) kUsed / n), (float) strength, boost);
        return boost;
    }

    /** After a training forward: moves the duty cycles with this batch's winners ({@code [B, n]} view). */
    protected final void updateDutyCycles(Tensor winners2d) {
        int batch = winners2d.dim(0);
        if (batch > boosting.dutyCyclePeriod()) {
            throw new IllegalArgumentException(this + ": training batch size " + batch
                    + " exceeds the duty-cycle period " + boosting.dutyCyclePeriod());
        }
        samplesSeen += batch;
        int period = (int) Math.min(boosting.dutyCyclePeriod(), samplesSeen);
        backend().dutyCycleUpdate(winners2d, duty, period);
    }

    protected final void rememberInput(Tensor x) {
        lastInputShape = x.shape();
    }

    protected final int[] lastInputShape() {
        checkForwardDone(lastInputShape);
        return lastInputShape.clone();
    }

    /** nupic.torch's buffers: {@code boost_strength} (a scalar) and {@code duty_cycle} of {@code dutyShape}. */
    protected final List<StateTensor> kWinnersState(int[] dutyShape) {
        return List.of(StateTensor.floats("boost_strength", new int[0], new float[]{(float) strength}),
                StateTensor.floats("duty_cycle", dutyShape, read(duty)));
    }

    @Override
    public List<StateTensor> state() {
        return kWinnersState(new int[]{duty.size()});
    }

    /** Loads the strength and duty cycles; the duty-cycle period restarts, as in nupic.torch. */
    @Override
    public void loadState(Map<String, StateTensor> entries) {
        float s = entries.get("boost_strength").floats()[0];
        if (!(s >= 0) || !Float.isFinite(s)) {
            throw new IllegalArgumentException("'boost_strength' must be finite and >= 0, got " + s);
        }
        strength = s;
        duty.copyFrom(entries.get("duty_cycle").floats());
        samplesSeen = 0;
    }
}
