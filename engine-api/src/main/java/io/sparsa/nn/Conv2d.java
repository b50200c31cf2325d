package io.sparsa.nn;

import io.sparsa.backend.Backend;
import io.sparsa.backend.ops.Conv2dGeometry;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A dense 2-d convolution over NCHW input, as PyTorch's {@code nn.Conv2d} with a square kernel,
 * equal strides and paddings, no dilation or groups: W {@code [out, in, kernel, kernel]}.
 *
 * <p>With {@link #sparseInputAtInference(boolean)} set, the forward pass in evaluation mode uses
 * {@link io.sparsa.backend.ops.ConvOps#conv2dSparseInput}, whose cost follows the nonzero inputs:
 * the right choice behind a k-winners layer. Training keeps {@code conv2d}. The result is the
 * same up to the order of summation, so the option is a speed setting, not part of the model
 * (it is not in {@link #spec()}).
 */
public final class Conv2d extends Layer {
    public static final String TYPE = "Conv2d";

    private final int in;
    private final int out;
    private final Conv2dGeometry geometry;
    private final Tensor weight;
    private final Tensor bias;
    private final List<Parameter> parameters = new ArrayList<>();
    private final BufferSlot y = slot(DType.FLOAT32);
    private final BufferSlot dx = slot(DType.FLOAT32);
    private Tensor input;
    private boolean sparseInputAtInference;

    /**
     * @param in     input channels
     * @param out    output channels
     * @param random draws PyTorch's default initial values: uniform in {@code +-1/sqrt(in * kernel^2)}
     */
    public Conv2d(Backend backend, int in, int out, int kernel, int stride, int padding, boolean bias, Random random) {
        super(backend);
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Conv2d: in and out channels must be >= 1, got in=" + in + ", out=" + out);
        }
        this.in = in;
        this.out = out;
        this.geometry = Conv2dGeometry.of(kernel, stride, padding);
        int fanIn = in * kernel * kernel;
        double bound = Init.defaultBound(fanIn);
        this.weight = ownFloats(Init.uniform(random, out * fanIn, bound), out, in, kernel, kernel);
        parameters.add(new Parameter("weight", weight, own(backend.zeros(out, in, kernel, kernel))));
        if (bias) {
            this.bias = ownFloats(Init.uniform(random, out, bound), out);
            parameters.add(new Parameter("bias", this.bias, own(backend.zeros(out))));
        } else {
            this.bias = null;
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public LayerSpec spec() {
        return LayerSpec.of(TYPE).with("in", in).with("out", out).with("kernel", geometry.kernelH())
                .with("stride", geometry.strideH()).with("padding", geometry.padH()).with("bias", bias != null).build();
    }

    /**
     * Whether evaluation-mode forward passes use the sparse-input convolution (for inputs that are
     * mostly zero, e.g. a k-winners output). Returns this layer.
     */
    public Conv2d sparseInputAtInference(boolean on) {
        sparseInputAtInference = on;
        return this;
    }

    /** Whether {@link #sparseInputAtInference(boolean)} is set. */
    public boolean sparseInputAtInference() {
        return sparseInputAtInference;
    }

    public Conv2dGeometry geometry() {
        return geometry;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return ConvShapes.output(this, inputShape, in, out, geometry);
    }

    @Override
    public Tensor forward(Tensor x) {
        checkRank(x, 4, "[B, " + in + ", H, W]");
        int[] o = outputShape(new int[]{x.dim(1), x.dim(2), x.dim(3)});
        Tensor result = y.get(batched(x.dim(0), o));
        if (sparseInputAtInference && !isTraining()) {
            backend().conv2dSparseInput(x, weight, bias, geometry, result);
        } else {
            backend().conv2d(x, weight, bias, geometry, result);
        }
        input = x;
        return result;
    }

    @Override
    public Tensor backward(Tensor dy, boolean inputGradient) {
        checkForwardDone(input);
        backend().conv2dBackwardWeights(input, dy, geometry, parameters.get(0).grad(),
                bias == null ? null : parameters.get(1).grad());
        if (!inputGradient) {
            return null;
        }
        Tensor d = dx.get(input.shape());
        backend().conv2dBackwardData(dy, weight, geometry, d);
        return d;
    }

    @Override
    public List<Parameter> parameters() {
        return List.copyOf(parameters);
    }

    @Override
    public List<StateTensor> state() {
        List<StateTensor> s = new ArrayList<>();
        s.add(StateTensor.floats("weight", weight.shape(), read(weight)));
        if (bias != null) {
            s.add(StateTensor.floats("bias", new int[]{out}, read(bias)));
        }
        return s;
    }

    @Override
    public void loadState(Map<String, StateTensor> entries) {
        weight.copyFrom(entries.get("weight").floats());
        if (bias != null) {
            bias.copyFrom(entries.get("bias").floats());
        }
    }
}
