package io.sparsa.nn;

import io.sparsa.backend.Backend;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A linear layer with sparse weights, {@code y = x W^T + b}, as nupic.torch's
 * {@code SparseWeights(nn.Linear(in, out), sparsity)}: each output keeps exactly
 * {@code round((1 - sparsity) * in)} inputs, chosen at construction from the given generator. Only
 * the kept weights are stored (ELL form) and trained, so masked weights are zero at construction
 * and after every optimizer step by construction.
 */
public final class SparseLinear extends Layer {
    public static final String TYPE = "SparseLinear";

    private final int in;
    private final int out;
    private final double sparsity;
    private final SparseWeights weights;
    private final Tensor bias;
    private final List<Parameter> parameters = new ArrayList<>();
    private final BufferSlot y = slot(DType.FLOAT32);
    private final BufferSlot dx = slot(DType.FLOAT32);
    private Tensor input;

    /**
     * @param sparsity fraction of zero weights, in [0, 1)
     * @param random   draws the mask and PyTorch's default initial values (weights and bias uniform
     *                 in {@code +-1/sqrt(in)}: the dense layer's initialisation, then masked)
     */
    public SparseLinear(Backend backend, int in, int out, double sparsity, boolean bias, Random random) {
        super(backend);
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("SparseLinear: in and out must be >= 1, got in=" + in + ", out=" + out);
        }
        this.in = in;
        this.out = out;
        this.sparsity = sparsity;
        int nnz = Init.keptPerRow("SparseLinear(" + in + " -> " + out + ")", sparsity, in);
        double bound = Init.defaultBound(in);
        float[] dense = Init.uniform(random, out * in, bound);
        float[] b = bias ? Init.uniform(random, out, bound) : null;
        int[] cols = Init.keptColumns(random, out, in, nnz);
        float[] kept = new float[out * nnz];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = dense[(i / nnz) * in + cols[i]];
        }
        Tensor columns = own(backend.fromArray(cols, out, nnz));
        Tensor values = ownFloats(kept, out, nnz);
        this.weights = new SparseWeights(columns, values, in);
        parameters.add(new Parameter("weight", values, own(backend.zeros(out, nnz))));
        if (bias) {
            this.bias = ownFloats(b, out);
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
        return LayerSpec.of(TYPE).with("in", in).with("out", out).with("sparsity", sparsity)
                .with("bias", bias != null).build();
    }

    public int inFeatures() {
        return in;
    }

    public int outFeatures() {
        return out;
    }

    /** Kept weights per output: {@code round((1 - sparsity) * in)}. */
    public int keptPerOutput() {
        return weights.nnz();
    }

    /** The kept input indices, row-major {@code [out, keptPerOutput]}, ascending within a row. */
    public int[] keptColumns() {
        return weights.keptColumns();
    }

    /** The weights as a dense {@code [out, in]} row-major array, zero where masked. */
    public float[] denseWeights() {
        return weights.dense();
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        requireShape(inputShape, in);
        return new int[]{out};
    }

    @Override
    public Tensor forward(Tensor x) {
        checkInput(x, in);
        Tensor out2 = y.get(x.dim(0), out);
        backend().ellMatmul(x, weights.matrix(), bias, out2);
        input = x;
        return out2;
    }

    @Override
    public Tensor backward(Tensor dy, boolean inputGradient) {
        checkForwardDone(input);
        backend().ellMatmulBackwardWeights(input, dy, weights.matrix(), parameters.get(0).grad());
        if (bias != null) {
            backend().sumRows(dy, parameters.get(1).grad());
        }
        if (!inputGradient) {
            return null;
        }
        Tensor d = dx.get(input.dim(0), in);
        backend().ellMatmulBackwardData(dy, weights.matrix(), d);
        return d;
    }

    @Override
    public List<Parameter> parameters() {
        return List.copyOf(parameters);
    }

    @Override
    public List<StateTensor> state() {
        List<StateTensor> s = new ArrayList<>();
        s.add(StateTensor.floats("weight", new int[]{out, in}, weights.dense()));
        if (bias != null) {
            s.add(StateTensor.floats("bias", new int[]{out}, read(bias)));
        }
        s.add(StateTensor.mask("zero_mask", new int[]{out, in}, weights.zeroMask()));
        return s;
    }

    @Override
    public void loadState(Map<String, StateTensor> entries) {
        weights.load(entries.get("weight").floats(), entries.get("zero_mask").floats(), "weight", "zero_mask");
        if (bias != null) {
            bias.copyFrom(entries.get("bias").floats());
        }
    }
}
