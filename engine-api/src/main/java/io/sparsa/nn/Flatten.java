package io.sparsa.nn;

import io.sparsa.backend.Backend;
import io.sparsa.tensor.Tensor;

/**
 * {@code [B, d1, d2, ...]} to {@code [B, d1 * d2 * ...]}, as PyTorch's {@code nn.Flatten()}. Forward
 * and backward return views, so nothing is copied or allocated.
 */
public final class Flatten extends Layer {
    public static final String TYPE = "Flatten";

    private int[] inputShape;

    public Flatten(Backend backend) {
        super(backend);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public LayerSpec spec() {
        return LayerSpec.of(TYPE).build();
    }

    @Override
    public int[] outputShape(int[] input) {
        int n = 1;
        for (int d : input) {
            n *= d;
        }
        return new int[]{n};
    }

    @Override
    public Tensor forward(Tensor x) {
        checkOpen();
        if (x.rank() < 1) {
            throw new IllegalArgumentException(this + ": input must have a batch dimension, got a scalar");
        }
        inputShape = x.shape();
        return x.reshape(x.dim(0), -1);
    }

    @Override
    public Tensor backward(Tensor dy, boolean inputGradient) {
        checkForwardDone(inputShape);
        return inputGradient ? dy.reshape(inputShape) : null;
    }
}
