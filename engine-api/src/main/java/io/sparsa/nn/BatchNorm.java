package io.sparsa.nn;

import io.sparsa.backend.Backend;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Batch normalisation over dimension 1, as PyTorch's {@code BatchNorm1d}/{@code BatchNorm2d}: in
 * training, batch statistics normalise and the running statistics move by {@code momentum}; in
 * evaluation, the running statistics normalise. Optional affine scale ({@code weight}) and shift
 * ({@code bias}), initialised to 1 and 0.
 */
public abstract class BatchNorm extends Layer {
    private final int features;
    private final double eps;
    private final double momentum;
    private final Tensor gamma;
    private final Tensor beta;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor saveMean;
    private final Tensor saveInvStd;
    private final List<Parameter> parameters = new ArrayList<>();
    private final BufferSlot y = slot(DType.FLOAT32);
    private final BufferSlot dx = slot(DType.FLOAT32);
    private long batchesTracked;
    private Tensor input;
    private boolean trainedForward;

    protected BatchNorm(Backend backend, int features, double eps, double momentum, boolean affine) {
        super(backend);
        if (features < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": features must be >= 1, got " + features);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": eps must be > 0, got " + eps);
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": momentum must be in [0, 1], got " + momentum);
        }
        this.features = features;
        this.eps = eps;
        this.momentum = momentum;
        if (affine) {
            float[] ones = new float[features];
            java.util.Arrays.fill(ones, 1f);
            gamma = ownFloats(ones, features);
            beta = own(backend.zeros(features));
            parameters.add(new Parameter("weight", gamma, own(backend.zeros(features))));
            parameters.add(new Parameter("bias", beta, own(backend.zeros(features))));
        } else {
            gamma = null;
            beta = null;
        }
        runningMean = own(backend.zeros(features));
        float[] ones = new float[features];
        java.util.Arrays.fill(ones, 1f);
        runningVar = ownFloats(ones, features);
        saveMean = own(backend.zeros(features));
        saveInvStd = own(backend.zeros(features));
    }

    /** The rank of the per-sample input: 1 for {@code [C]}, 3 for {@code [C, H, W]}. */
    protected abstract int inputRank();

    @Override
    public LayerSpec spec() {
        return LayerSpec.of(type()).with("features", features).with("eps", eps).with("momentum", momentum)
                .with("affine", gamma != null).build();
    }

    public int features() {
        return features;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != inputRank() || inputShape[0] != features) {
            throw new IllegalArgumentException(this + " takes per-sample input " + layout() + ", got "
                    + io.sparsa.tensor.Shapes.format(inputShape));
        }
        return inputShape.clone();
    }

    private String layout() {
        return inputRank() == 1 ? "[" + features + "]" : "[" + features + ", H, W]";
    }

    @Override
    public Tensor forward(Tensor x) {
        checkRank(x, inputRank() + 1, "[B, " + layout().substring(1));
        int[] sample = x.shape();
        outputShape(java.util.Arrays.copyOfRange(sample, 1, sample.length));
        Tensor result = y.get(x.shape());
        boolean training = isTraining();
        backend().batchNorm(x, gamma, beta, runningMean, runningVar, training, (float) momentum, (float) eps, result,
                saveMean, saveInvStd);
        if (training) {
            batchesTracked++;
        }
        trainedForward = training;
        input = x;
        return result;
    }

    @Override
    public Tensor backward(Tensor dy, boolean inputGradient) {
        checkForwardDone(input);
        if (!trainedForward) {
            throw new IllegalStateException(this + ": backward needs a forward in training mode (batch statistics)");
        }
        Tensor d = dx.get(input.shape());
        backend().batchNormBackward(dy, input, gamma, saveMean, saveInvStd, d,
                gamma == null ? null : parameters.get(0).grad(), gamma == null ? null : parameters.get(1).grad());
        return inputGradient ? d : null;
    }

    @Override
    public List<Parameter> parameters() {
        return List.copyOf(parameters);
    }

    /** Batches seen in training mode (PyTorch's {@code num_batches_tracked}). */
    public long batchesTracked() {
        return batchesTracked;
    }

    @Override
    public List<StateTensor> state() {
        List<StateTensor> s = new ArrayList<>();
        if (gamma != null) {
            s.add(StateTensor.floats("weight", new int[]{features}, read(gamma)));
            s.add(StateTensor.floats("bias", new int[]{features}, read(beta)));
        }
        s.add(StateTensor.floats("running_mean", new int[]{features}, read(runningMean)));
        s.add(StateTensor.floats("running_var", new int[]{features}, read(runningVar)));
        s.add(StateTensor.int64("num_batches_tracked", new int[0], new long[]{batchesTracked}));
        return s;
    }

    @Override
    public void loadState(Map<String, StateTensor> entries) {
        if (gamma != null) {
            gamma.copyFrom(entries.get("weight").floats());
            beta.copyFrom(entries.get("bias").floats());
        }
        runningMean.copyFrom(entries.get("running_mean").floats());
        float[] var = entries.get("running_var").floats();
        for (int i = 0; i < var.length; i++) {
            if (!(var[i] >= 0)) {
                throw new IllegalArgumentException("'running_var' must be >= 0, got " + var[i] + " at " + i);
            }
        }
        runningVar.copyFrom(var);
        batchesTracked = entries.get("num_batches_tracked").longs()[0];
    }
}
