package io.sparsa.nn;

import io.sparsa.tensor.Tensor;

/**
 * A trainable tensor and its gradient, both owned by the layer that created them (closed with it).
 * {@link Layer#backward} overwrites the gradient; nothing accumulates across calls.
 *
 * @param name  the name in the layer's state, as PyTorch's ({@code weight}, {@code bias})
 * @param value the values (for sparse layers: the kept weights only, {@code [rows, nnz]})
 * @param grad  the gradient, of the value's shape
 */
public record Parameter(String name, Tensor value, Tensor grad) {
    public Parameter {
        if (value.size() != grad.size()) {
            throw new IllegalArgumentException("parameter '" + name + "': gradient " + grad.describe()
                    + " does not match value " + value.describe());
        }
    }
}
