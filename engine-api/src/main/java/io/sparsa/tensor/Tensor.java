package io.sparsa.tensor;

import io.sparsa.backend.Backend;

/**
 * An N-dimensional, row-major tensor of {@link DType#FLOAT32} or {@link DType#INT32} elements,
 * owned by one {@link Backend}. Its storage lives wherever the backend keeps it (Java heap,
 * OpenCL buffer, CUDA device memory), so it is {@link AutoCloseable}: closing frees that storage
 * at once instead of waiting for the garbage collector.
 *
 * <p>A {@link #reshape(int...) reshaped} tensor is a view: it shares its base's storage, closing it
 * frees nothing, and it counts as closed once its base is closed.
 *
 * <p>Tensors are not thread-safe; a backend's operations on one tensor must not overlap.
 */
public abstract class Tensor implements AutoCloseable {
    private final Backend backend;
    private final DType dtype;
    private final int[] shape;
    private final int size;
    private final Tensor base;
    private boolean closed;

    /**
     * @param backend the owning backend
     * @param dtype   element type
     * @param shape   dimensions, each >= 0
     * @param base    the tensor whose storage this one views, or {@code null} when it owns its storage
     */
    protected Tensor(Backend backend, DType dtype, int[] shape, Tensor base) {
        this.backend = backend;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.size = Shapes.elementCount("shape", shape);
        this.base = base;
    }

    /** The backend that owns this tensor's storage. */
    public final Backend backend() {
        return backend;
    }

    public final DType dtype() {
        return dtype;
    }

    /** A copy of the dimensions. */
    public final int[] shape() {
        return shape.clone();
    }

    public final int rank() {
        return shape.length;
    }

    /** Dimension {@code i}; negative {@code i} counts from the end, as in PyTorch. */
    public final int dim(int i) {
        int j = i < 0 ? shape.length + i : i;
        if (j < 0 || j >= shape.length) {
            throw new IndexOutOfBoundsException("dimension " + i + " of a rank-" + shape.length + " tensor "
                    + Shapes.format(shape));
        }
        return shape[j];
    }

    /** Number of elements. */
    public final int size() {
        return size;
    }

    /** The tensor whose storage this view shares, or {@code null} for a tensor that owns its storage. */
    public final Tensor base() {
        return base;
    }

    /** The tensor that owns the storage: this one, or the root of a chain of views. */
    public final Tensor root() {
        Tensor t = this;
        while (t.base != null) {
            t = t.base;
        }
        return t;
    }

    public final boolean isClosed() {
        return closed || (base != null && base.isClosed());
    }

    /** Fails with a message naming {@code argument} when this tensor has been closed. */
    public final void checkOpen(String argument) {
        if (isClosed()) {
            throw new IllegalStateException("argument '" + argument + "' is a closed tensor " + describe());
        }
    }

    /** Copies the elements into a new array; the tensor must be {@link DType#FLOAT32}. */
    public final float[] toFloatArray() {
        checkOpen("this");
        requireType(DType.FLOAT32);
        float[] out = new float[size];
        readFloats(out);
        return out;
    }

    /** Copies the elements into a new array; the tensor must be {@link DType#INT32}. */
    public final int[] toIntArray() {
        checkOpen("this");
        requireType(DType.INT32);
        int[] out = new int[size];
        readInts(out);
        return out;
    }

    /** Overwrites every element from {@code src}, whose length must equal {@link #size()}. */
    public final void copyFrom(float[] src) {
        checkOpen("this");
        requireType(DType.FLOAT32);
        requireLength(src.length);
        writeFloats(src);
    }

    /** Overwrites every element from {@code src}, whose length must equal {@link #size()}. */
    public final void copyFrom(int[] src) {
        checkOpen("this");
        requireType(DType.INT32);
        requireLength(src.length);
        writeInts(src);
    }

    /**
     * A view with another shape and the same elements; one dimension may be {@code -1} and is
     * then inferred.
     */
    public final Tensor reshape(int... newShape) {
        checkOpen("this");
        return view(Shapes.resolveReshape(shape, newShape));
    }

    /** Frees the storage (a view frees nothing). Closing twice is harmless. */
    @Override
    public final void close() {
        if (!closed) {
            closed = true;
            if (base == null) {
                release();
            }
        }
    }

    /** For messages: {@code float32[64, 1000] on cpu}. */
    public final String describe() {
        return dtype + Shapes.format(shape) + " on " + backend.name();
    }

    @Override
    public String toString() {
        return "Tensor(" + describe() + (isClosed() ? ", closed" : "") + ")";
    }

    private void requireType(DType expected) {
        if (dtype != expected) {
            throw new IllegalArgumentException("tensor " + describe() + " holds " + dtype + ", expected " + expected);
        }
    }

    private void requireLength(int length) {
        if (length != size) {
            throw new IllegalArgumentException("array length " + length + " does not match tensor " + describe()
                    + " of " + size + " elements");
        }
    }

    /** Copies all elements to {@code dst} ({@code dst.length == size()}). */
    protected abstract void readFloats(float[] dst);

    protected abstract void readInts(int[] dst);

    /** Overwrites all elements from {@code src} ({@code src.length == size()}). */
    protected abstract void writeFloats(float[] src);

    protected abstract void writeInts(int[] src);

    /** A view of this tensor's storage with {@code newShape} (already validated). */
    protected abstract Tensor view(int[] newShape);

    /** Frees the storage; called once, only on tensors that own it. */
    protected abstract void release();
}
