package io.sparsa.tensor;

import io.sparsa.backend.Backend;

/**
 * A tensor whose elements live in a Java array: the storage of the reference and CPU backends.
 * Kernels read and write {@link #floats()} / {@link #ints()} directly; element {@code i} of the
 * row-major tensor is array element {@code i}.
 */
public final class HeapTensor extends Tensor {
    private final float[] floats;
    private final int[] ints;
    private final Runnable onRelease;

    private HeapTensor(Backend backend, DType dtype, int[] shape, HeapTensor base, float[] floats, int[] ints,
                       Runnable onRelease) {
        super(backend, dtype, shape, base);
        this.floats = floats;
        this.ints = ints;
        this.onRelease = onRelease;
    }

    /**
     * A new zero-filled tensor.
     *
     * @param onRelease called once when the tensor is closed (for live-allocation counts); may be null
     */
    public static HeapTensor allocate(Backend backend, DType dtype, int[] shape, Runnable onRelease) {
        int n = Shapes.elementCount("shape", shape);
        return dtype == DType.FLOAT32
                ? new HeapTensor(backend, dtype, shape, null, new float[n], null, onRelease)
                : new HeapTensor(backend, dtype, shape, null, null, new int[n], onRelease);
    }

    /** The backing array of a float32 tensor (shared, not copied). */
    public float[] floats() {
        if (floats == null) {
            throw new IllegalArgumentException("tensor " + describe() + " is not float32");
        }
        return floats;
    }

    /** The backing array of an int32 tensor (shared, not copied). */
    public int[] ints() {
        if (ints == null) {
            throw new IllegalArgumentException("tensor " + describe() + " is not int32");
        }
        return ints;
    }

    @Override
    protected void readFloats(float[] dst) {
        System.arraycopy(floats, 0, dst, 0, dst.length);
    }

    @Override
    protected void readInts(int[] dst) {
        System.arraycopy(ints, 0, dst, 0, dst.length);
    }

    @Override
    protected void writeFloats(float[] src) {
        System.arraycopy(src, 0, floats, 0, src.length);
    }

    @Override
    protected void writeInts(int[] src) {
        System.arraycopy(src, 0, ints, 0, src.length);
    }

    @Override
    protected Tensor view(int[] newShape) {
        return new HeapTensor(backend(), dtype(), newShape, this, floats, ints, null);
    }

    @Override
    protected void release() {
        if (onRelease != null) {
            onRelease.run();
        }
    }
}
