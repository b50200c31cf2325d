package io.sparsa.nn;

import io.sparsa.backend.Backend;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.Shapes;
import io.sparsa.tensor.Tensor;

/** Max pooling without padding (floor mode), as PyTorch's {@code nn.MaxPool2d(kernel, stride)}. */
public final class MaxPool2d extends Layer {
    public static final String TYPE = "MaxPool2d";

    private final int kernel;
    private final int stride;
    private final BufferSlot y = slot(DType.FLOAT32);
    private final BufferSlot argmax = slot(DType.INT32);
    private final BufferSlot dx = slot(DType.FLOAT32);
    private int[] inputShape;

    /** @param stride PyTorch's default is the kernel size */
    public MaxPool2d(Backend backend, int kernel, int stride) {
        super(backend);
        if (kernel < 1 || stride < 1) {
            throw new IllegalArgumentException("MaxPool2d: kernel and stride must be >= 1, got kernel=" + kernel
                    + ", stride=" + stride);
        }
        this.kernel = kernel;
        this.stride = stride;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public LayerSpec spec() {
        return LayerSpec.of(TYPE).with("kernel", kernel).with("stride", stride).build();
    }

    @Override
    public int[] outputShape(int[] input) {
        if (input.length != 3 || input[1] < kernel || input[2] < kernel) {
            throw new IllegalArgumentException(this + " takes per-sample input [C, H, W] with H, W >= " + kernel
                    + ", got " + Shapes.format(input));
        }
        return new int[]{input[0], (input[1] - kernel) / stride + 1, (input[2] - kernel) / stride + 1};
    }

    @Override
    public Tensor forward(Tensor x) {
        checkRank(x, 4, "[B, C, H, W]");
        int[] o = batched(x.dim(0), outputShape(new int[]{x.dim(1), x.dim(2), x.dim(3)}));
        Tensor result = y.get(o);
        backend().maxPool2d(x, kernel, stride, result, argmax.get(o));
        inputShape = x.shape();
        return result;
    }

    @Override
    public Tensor backward(Tensor dy, boolean inputGradient) {
        checkForwardDone(inputShape);
        if (!inputGradient) {
            return null;
        }
        Tensor d = dx.get(inputShape);
        backend().maxPool2dBackward(dy, argmax.current(), d);
        return d;
    }
}
