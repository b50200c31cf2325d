package io.sparsa.nn;

import io.sparsa.backend.Backend;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.Tensor;

import java.util.Arrays;

/**
 * One reusable device buffer of a layer (an activation, an input gradient, arg-max indices). It
 * is reallocated only when the requested shape changes, typically when the batch size does, so a
 * training loop allocates nothing per batch. Its content is not cleared between uses: the
 * primitives that write it overwrite it fully.
 */
public final class BufferSlot implements AutoCloseable {
    private final Backend backend;
    private final DType dtype;
    private Tensor tensor;

    BufferSlot(Backend backend, DType dtype) {
        this.backend = backend;
        this.dtype = dtype;
    }

    /** The buffer, of exactly {@code shape}. */
    public Tensor get(int... shape) {
        if (tensor == null || !Arrays.equals(tensor.shape(), shape)) {
            close();
            tensor = backend.zeros(dtype, shape);
        }
        return tensor;
    }

    /** The current buffer, or null before the first {@link #get}. */
    public Tensor current() {
        return tensor;
    }

    @Override
    public void close() {
        if (tensor != null) {
            tensor.close();
            tensor = null;
        }
    }
}
