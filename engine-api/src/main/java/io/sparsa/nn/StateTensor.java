package io.sparsa.nn;

import io.sparsa.tensor.Shapes;

import java.util.Arrays;

/**
 * A host copy of one entry of a layer's state in PyTorch's layout, for model files: a parameter
 * ({@code weight}, {@code bias}) or a buffer ({@code zero_mask}, {@code duty_cycle},
 * {@code running_mean}, {@code num_batches_tracked}, ...).
 *
 * @param name   the name within the layer ({@code weight}); the model prefixes the layer index
 * @param kind   how the values are stored in a file
 * @param shape  PyTorch's shape; empty for a scalar
 * @param floats the values of a {@link Kind#FLOAT32} or {@link Kind#MASK} entry, else null
 * @param longs  the values of an {@link Kind#INT64} entry, else null
 */
public record StateTensor(String name, Kind kind, int[] shape, float[] floats, long[] longs) {
    /** Storage kinds, with the safetensors type each is written as. */
    public enum Kind {
        /** Weights and statistics: float32. */
        FLOAT32,
        /** Zeros and ones, 1 where a weight is forced to zero: float16, as nupic.torch keeps its masks. */
        MASK,
        /** Counters: int64, as PyTorch's {@code num_batches_tracked}. */
        INT64
    }

    public StateTensor {
        shape = shape.clone();
        int n = Shapes.elementCount("shape of state '" + name + "'", shape);
        int got = kind == Kind.INT64 ? longs.length : floats.length;
        if (got != n) {
            throw new IllegalArgumentException("state '" + name + "' of shape " + Shapes.format(shape) + " needs " + n
                    + " values, got " + got);
        }
    }

    public static StateTensor floats(String name, int[] shape, float[] values) {
        return new StateTensor(name, Kind.FLOAT32, shape, values, null);
    }

    public static StateTensor mask(String name, int[] shape, float[] zeroOrOne) {
        return new StateTensor(name, Kind.MASK, shape, zeroOrOne, null);
    }

    public static StateTensor int64(String name, int[] shape, long[] values) {
        return new StateTensor(name, Kind.INT64, shape, null, values);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The same values under another name. */
    public StateTensor renamed(String newName) {
        return new StateTensor(newName, kind, shape, floats, longs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateTensor t && name.equals(t.name) && kind == t.kind && Arrays.equals(shape, t.shape)
                && Arrays.equals(floats, t.floats) && Arrays.equals(longs, t.longs);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + ": " + kind + Shapes.format(shape);
    }
}
