package io.sparsa.nn;

import io.sparsa.backend.Backend;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.Tensor;

/** {@code y = max(x, 0)} element-wise, any shape. */
public final class ReLU extends Layer {
    public static final String TYPE = "ReLU";

    private final BufferSlot y = slot(DType.FLOAT32);
    private final BufferSlot dx = slot(DType.FLOAT32);
    private Tensor input;

    public ReLU(Backend backend) {
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
    public int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        checkOpen();
        x.checkOpen("x");
        Tensor result = y.get(x.shape());
        backend().relu(x, result);
        input = x;
        return result;
    }

    @Override
    public Tensor backward(Tensor dy, boolean inputGradient) {
        checkForwardDone(input);
        if (!inputGradient) {
            return null;
        }
        Tensor d = dx.get(input.shape());
        backend().reluBackward(dy, input, d);
        return d;
    }
}
