package io.sparsa.train;

import io.sparsa.nn.Sequential;
import io.sparsa.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Stochastic gradient descent as PyTorch's {@code torch.optim.SGD} (dampening 0, no Nesterov), one
 * {@code sgdStep} primitive per parameter: {@code g = grad + weightDecay * param}; with momentum
 * {@code v = momentum * v + g}, {@code g = v}; {@code param -= lr * g}. Sparse layers train only
 * their kept weights, so masked weights stay zero without a separate re-zeroing pass. Owns the
 * momentum buffers; close it when done.
 */
public final class Sgd implements AutoCloseable {
    private final List<Sequential.NamedParameter> parameters;
    private final List<Tensor> velocities = new ArrayList<>();
    private final float momentum;
    private final float weightDecay;
    private float learningRate;

    public Sgd(Sequential model, float learningRate, float momentum, float weightDecay) {
        if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0) || !Float.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be finite and >= 0, got " + weightDecay);
        }
        this.parameters = model.parameters();
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        for (Sequential.NamedParameter p : parameters) {
            velocities.add(momentum == 0 ? null : model.backend().zeros(p.parameter().value().shape()));
        }
    }

    public float learningRate() {
        return learningRate;
    }

    public void setLearningRate(float lr) {
        if (!(lr > 0) || !Float.isFinite(lr)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + lr);
        }
        learningRate = lr;
    }

    /** Updates every parameter from its current gradient. */
    public void step() {
        for (int i = 0; i < parameters.size(); i++) {
            var p = parameters.get(i).parameter();
            p.value().backend().sgdStep(p.value(), p.grad(), velocities.get(i), learningRate, momentum, weightDecay, null);
        }
    }

    @Override
    public void close() {
        for (Tensor v : velocities) {
            if (v != null) {
                v.close();
            }
        }
        velocities.clear();
    }
}
