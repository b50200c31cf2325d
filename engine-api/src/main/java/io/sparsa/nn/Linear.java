package io.sparsa.nn;

import io.sparsa.backend.Backend;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** A dense linear layer, {@code y = x W^T + b}, as PyTorch's {@code nn.Linear}: W {@code [out, in]}. */
public final class Linear extends Layer {
    public static final String TYPE = "Linear";

    private final int in;
    private final int out;
    private final Tensor weight;
    private final Tensor bias;
    private final List<Parameter> parameters = new ArrayList<>();
    private final BufferSlot y = slot(DType.FLOAT32);
    private final BufferSlot dx = slot(DType.FLOAT32);
    private Tensor input;

    /** @param random draws PyTorch's default initial values: weights and bias uniform in {@code +-1/sqrt(in)} */
    public Linear(Backend backend, int in, int out, boolean bias, Random random) {
        super(backend);
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Linear: in and out must be >= 1, got in=" + in + ", out=" + out);
        }
        this.in = in;
        this.out = out;
        double bound = Init.defaultBound(in);
        this.weight = ownFloats(Init.uniform(random, out * in, bound), out, in);
        parameters.add(new Parameter("weight", weight, own(backend.zeros(out, in))));
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
        return LayerSpec.of(TYPE).with("in", in).with("out", out).with("bias", bias != null).build();
    }

    public int inFeatures() {
        return in;
    }

    public int outFeatures() {
        return out;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        requireShape(inputShape, in);
        return new int[]{out};
    }

    @Override
    public Tensor forward(Tensor x) {
        checkInput(x, in);
        Tensor result = y.get(x.dim(0), out);
        backend().gemm(false, true, 1f, x, weight, 0f, result);
        if (bias != null) {
            backend().addBias(result, bias);
        }
        input = x;
        return result;
    }

    @Override
    public Tensor backward(Tensor dy, boolean inputGradient) {
        checkForwardDone(input);
        backend().gemm(true, false, 1f, dy, input, 0f, parameters.get(0).grad());
        if (bias != null) {
            backend().sumRows(dy, parameters.get(1).grad());
        }
        if (!inputGradient) {
            return null;
        }
        Tensor d = dx.get(input.dim(0), in);
        backend().gemm(false, false, 1f, dy, weight, 0f, d);
        return d;
    }

    @Override
    public List<Parameter> parameters() {
        return List.copyOf(parameters);
    }

    @Override
    public List<StateTensor> state() {
        List<StateTensor> s = new ArrayList<>();
        s.add(StateTensor.floats("weight", new int[]{out, in}, read(weight)));
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
