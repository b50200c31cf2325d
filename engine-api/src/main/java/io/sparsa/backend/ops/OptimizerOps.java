package io.sparsa.backend.ops;

import io.sparsa.tensor.Tensor;

/** Parameter updates. */
public interface OptimizerOps {
    /**
     * One SGD step as PyTorch's {@code torch.optim.SGD} (dampening 0, no Nesterov):
     * {@code g = grad + weightDecay * param}; with momentum, {@code velocity = momentum * velocity + g}
     * and {@code g = velocity}; {@code param -= lr * g}; then, when {@code keepMask} is not null,
     * {@code param *= keepMask} (re-zeroes masked weights). velocity may be null only when
     * {@code momentum == 0}; all tensors of one shape.
     */
    void sgdStep(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, float weightDecay,
                 Tensor keepMask);
}
