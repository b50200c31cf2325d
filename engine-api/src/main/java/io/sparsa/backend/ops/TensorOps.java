package io.sparsa.backend.ops;

import io.sparsa.tensor.DType;
import io.sparsa.tensor.Tensor;

/** Allocation and copies: the memory half of a backend. */
public interface TensorOps {
    /** A new tensor of {@code shape}, every element zero. */
    Tensor zeros(DType dtype, int... shape);

    /** A new float32 tensor of {@code shape}, every element zero. */
    default Tensor zeros(int... shape) {
        return zeros(DType.FLOAT32, shape);
    }

    /** A new float32 tensor holding a copy of {@code data}, whose length must match {@code shape}. */
    default Tensor fromArray(float[] data, int... shape) {
        Tensor t = zeros(DType.FLOAT32, shape);
        try {
            t.copyFrom(data);
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    /** A new int32 tensor holding a copy of {@code data}, whose length must match {@code shape}. */
    default Tensor fromArray(int[] data, int... shape) {
        Tensor t = zeros(DType.INT32, shape);
        try {
            t.copyFrom(data);
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    /** {@code dst = src}; same dtype and element count (shapes may differ, as for a reshape). */
    void copy(Tensor src, Tensor dst);

    /** Sets every element of a float32 tensor to {@code value}. */
    void fill(Tensor t, float value);

    /** Number of tensors this backend allocated and that are not yet closed. */
    long liveAllocations();
}
