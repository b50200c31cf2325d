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
 * A 2-d convolution with sparse weights, as nupic.torch's {@code SparseWeights2d(nn.Conv2d(...),
 * sparsity)}: each output channel keeps exactly {@code round((1 - sparsity) * in * kernel^2)}
 * weights, one mask shared by all positions. Only kept weights are stored (ELL over
 * {@code in * kernel * kernel} columns) and trained.
 */
public final class SparseConv2d extends Layer {
    public static final String TYPE = "SparseConv2d";

    private final int in;
    private final int out;
    private final double sparsity;
    private final Conv2dGeometry geometry;
    private final SparseWeights weights;
    private final Tensor bias;
    private final List<Parameter> parameters = new ArrayList<>();
    private final BufferSlot y = slot(DType.FLOAT32);
    private final BufferSlot dx = slot(DType.FLOAT32);
    private Tensor input;

    /**
     * @param sparsity fraction of zero weights, in [0, 1)
     * @param random   draws the mask and PyTorch's default initial values (uniform in
     *                 {@code +-1/sqrt(in * kernel^2)}: the dense layer's initialisation, then masked)
     */
    public SparseConv2d(Backend backend, int in, int out, int kernel, int stride, int padding, double sparsity,
                        boolean bias, Random random) {
        super(backend);
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("SparseConv2d: in and out channels must be >= 1, got in=" + in
                    + ", out=" + out);
        }
        this.in = in;
        this.out = out;
        this.sparsity = sparsity;
        this.geometry = Conv2dGeometry.of(kernel, stride, padding);
        int fanIn = in * kernel * kernel;
        int nnz = Init.keptPerRow("SparseConv2d(" + in + " -> " + out + ", kernel " + kernel + ")", sparsity, fanIn);
        double bound = Init.defaultBound(fanIn);
        float[] dense = Init.uniform(random, out * fanIn, bound);
        float[] b = bias ? Init.uniform(random, out, bound) : null;
        int[] cols = Init.keptColumns(random, out, fanIn, nnz);
        float[] kept = new float[out * nnz];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = dense[(i / nnz) * fanIn + cols[i]];
        }
        Tensor columns = own(backend.fromArray(cols, out, nnz));
        Tensor values = ownFloats(kept, out, nnz);
        this.weights = new SparseWeights(columns, values, fanIn);
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
        return LayerSpec.of(TYPE).with("in", in).with("out", out).with("kernel", geometry.kernelH())
                .with("stride", geometry.strideH()).with("padding", geometry.padH()).with("sparsity", sparsity)
                .with("bias", bias != null).build();
    }

    public Conv2dGeometry geometry() {
        return geometry;
    }

    /** Kept weights per output channel. */
    public int keptPerOutput() {
        return weights.nnz();
    }

    /** The kept indices into {@code in * kernel * kernel}, row-major {@code [out, keptPerOutput]}. */
    public int[] keptColumns() {
        return weights.keptColumns();
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
        backend().sparseConv2d(x, weights.matrix(), bias, geometry, result);
        input = x;
        return result;
    }

    @Override
    public Tensor backward(Tensor dy, boolean inputGradient) {
        checkForwardDone(input);
        backend().sparseConv2dBackwardWeights(input, dy, weights.matrix(), geometry, parameters.get(0).grad(),
                bias == null ? null : parameters.get(1).grad());
        if (!inputGradient) {
            return null;
        }
        Tensor d = dx.get(input.shape());
        backend().sparseConv2dBackwardData(dy, weights.matrix(), geometry, d);
        return d;
    }

    @Override
    public List<Parameter> parameters() {
        return List.copyOf(parameters);
    }

    @Override
    public List<StateTensor> state() {
        int k = geometry.kernelH();
        List<StateTensor> s = new ArrayList<>();
        s.add(StateTensor.floats("weight", new int[]{out, in, k, k}, weights.dense()));
        if (bias != null) {
            s.add(StateTensor.floats("bias", new int[]{out}, read(bias)));
        }
        s.add(StateTensor.mask("zero_mask", new int[]{out, in, k, k}, weights.zeroMask()));
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
