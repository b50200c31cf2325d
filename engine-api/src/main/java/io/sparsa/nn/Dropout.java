package io.sparsa.nn;

import io.sparsa.backend.Backend;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.Tensor;

/**
 * Inverted dropout, as PyTorch's {@code nn.Dropout(p)}: in training each element is zeroed with
 * probability p and the survivors scaled by {@code 1 / (1 - p)}; in evaluation the input passes
 * unchanged. The mask comes from the counter-based {@link io.sparsa.random.Philox} generator keyed
 * by {@code seed}, at an offset that advances by the number of elements after every training
 * forward, so every backend draws the same masks and a run is repeatable.
 */
public final class Dropout extends Layer {
    public static final String TYPE = "Dropout";

    private final double p;
    private final long seed;
    private final BufferSlot y = slot(DType.FLOAT32);
    private final BufferSlot mask = slot(DType.FLOAT32);
    private final BufferSlot dx = slot(DType.FLOAT32);
    private long offset;
    private int[] inputShape;
    private boolean maskApplied;

    /** @param p drop probability in [0, 1) */
    public Dropout(Backend backend, double p, long seed) {
        super(backend);
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        }
        this.p = p;
        this.seed = seed;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public LayerSpec spec() {
        return LayerSpec.of(TYPE).with("p", p).with("seed", seed).build();
    }

    /** The generator position the next training forward starts at. */
    public long offset() {
        return offset;
    }

    /** Moves the generator (to replay a mask, e.g. in a gradient check). */
    public void seek(long newOffset) {
        if (newOffset < 0) {
            throw new IllegalArgumentException("Dropout: offset must be >= 0, got " + newOffset);
        }
        offset = newOffset;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        checkOpen();
        x.checkOpen("x");
        inputShape = x.shape();
        maskApplied = isTraining() && p > 0;
        if (!maskApplied) {
            return x;
        }
        Tensor result = y.get(inputShape);
        backend().dropout(x, (float) p, seed, offset, result, mask.get(inputShape));
        offset += x.size();
        return result;
    }

    @Override
    public Tensor backward(Tensor dy, boolean inputGradient) {
        checkForwardDone(inputShape);
        if (!inputGradient) {
            return null;
        }
        if (!maskApplied) {
            return dy;
        }
        Tensor d = dx.get(inputShape);
        backend().mul(dy, mask.current(), d);
        return d;
    }
}
