package io.sparsa.conformance;

import io.sparsa.tensor.DType;
import io.sparsa.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named results of one run of an operation, read back to the host, so the runs on two
 * backends can be compared after their tensors are closed.
 */
public final class Outputs {
    private final Map<String, Result> results = new LinkedHashMap<>();

    /** Reads {@code t} (float32 or int32) under {@code name}. */
    public Outputs add(String name, Tensor t) {
        if (t.dtype() == DType.FLOAT32) {
            results.put(name, new Result(t.toFloatArray(), null, t.shape()));
        } else {
            results.put(name, new Result(null, t.toIntArray(), t.shape()));
        }
        return this;
    }

    /** A scalar result (e.g. a loss). */
    public Outputs add(String name, float value) {
        results.put(name, new Result(new float[]{value}, null, new int[]{1}));
        return this;
    }

    /** A new result set holding {@code t} under {@code name}. */
    public static Outputs of(String name, Tensor t) {
        return new Outputs().add(name, t);
    }

    public Map<String, Result> results() {
        return results;
    }

    /** One result: {@code floats} or {@code ints} is set, matching the tensor's dtype. */
    public record Result(float[] floats, int[] ints, int[] shape) {
    }
}
