package io.sparsa.io;

import io.sparsa.tensor.Shapes;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One named tensor of a safetensors file: element type, shape and raw little-endian bytes.
 *
 * @param name  the tensor's key in the header
 * @param dtype element type
 * @param shape dimensions; empty for a scalar
 * @param data  {@code product(shape) * dtype.bytes()} little-endian bytes (not copied)
 */
public record SafeTensor(String name, SafeTensorsDType dtype, int[] shape, byte[] data) {
    public SafeTensor {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("tensor name must not be empty");
        }
        shape = shape.clone();
        long expected = (long) Shapes.elementCount("shape of " + name, shape) * dtype.bytes();
        if (data.length != expected) {
            throw new IllegalArgumentException("tensor '" + name + "' of " + dtype + Shapes.format(shape) + " needs "
                    + expected + " bytes, got " + data.length);
        }
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public int elementCount() {
        return data.length / dtype.bytes();
    }

    /** A float32 tensor. */
    public static SafeTensor ofFloats(String name, int[] shape, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new SafeTensor(name, SafeTensorsDType.F32, shape, b.array());
    }

    /** An int64 tensor. */
    public static SafeTensor ofLongs(String name, int[] shape, long[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return new SafeTensor(name, SafeTensorsDType.I64, shape, b.array());
    }

    /**
     * A float16 tensor of zeros and ones (how nupic.torch keeps its weight masks): {@code flags[i]}
     * true stores 1.0.
     */
    public static SafeTensor ofFloat16Flags(String name, int[] shape, boolean[] flags) {
        ByteBuffer b = ByteBuffer.allocate(flags.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (boolean f : flags) {
            b.putShort(f ? Float16.ONE : 0);
        }
        return new SafeTensor(name, SafeTensorsDType.F16, shape, b.array());
    }

    /** The elements as floats; for F32, F16 and BF16 tensors. */
    public float[] toFloats() {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[elementCount()];
        switch (dtype) {
            case F32 -> b.asFloatBuffer().get(out);
            case F16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = Float16.toFloat(b.getShort());
                }
            }
            case BF16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = Float.intBitsToFloat((b.getShort() & 0xFFFF) << 16);
                }
            }
            default -> throw new IllegalStateException("tensor '" + name + "' holds " + dtype + ", not floating point");
        }
        return out;
    }

    /** The elements as longs; for I64, I32, I16, I8, U8 and BOOL tensors. */
    public long[] toLongs() {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[elementCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (dtype) {
                case I64 -> b.getLong();
                case I32 -> b.getInt();
                case I16 -> b.getShort();
                case I8 -> b.get();
                case U8, BOOL -> b.get() & 0xFF;
                default -> throw new IllegalStateException("tensor '" + name + "' holds " + dtype + ", not integers");
            };
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SafeTensor t && name.equals(t.name) && dtype == t.dtype && Arrays.equals(shape, t.shape)
                && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + dtype.hashCode()) * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + ": " + dtype + Shapes.format(shape);
    }
}
