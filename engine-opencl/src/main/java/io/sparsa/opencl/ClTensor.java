package io.sparsa.opencl;

import io.sparsa.tensor.DType;
import io.sparsa.tensor.Tensor;

import static org.lwjgl.opencl.CL10.clEnqueueReadBuffer;
import static org.lwjgl.opencl.CL10.clEnqueueWriteBuffer;

/**
 * A tensor in an OpenCL buffer. Views share their base's buffer; the buffer is released when the
 * owning tensor is closed. Reads block until the queued work that writes the buffer has finished.
 */
final class ClTensor extends Tensor {
    private final ClBackend owner;
    private final long mem;

    private ClTensor(ClBackend owner, DType dtype, int[] shape, ClTensor base, long mem) {
        super(owner, dtype, shape, base);
        this.owner = owner;
        this.mem = mem;
    }

    /** A new tensor owning a fresh buffer (contents undefined until written). */
    static ClTensor allocate(ClBackend owner, ClContext context, DType dtype, int[] shape, int size) {
        long mem = context.allocate((long) size * dtype.bytes());
        return new ClTensor(owner, dtype, shape, null, mem);
    }

    long mem() {
        return mem;
    }

    /** The queue to read or write through; fails once the backend is closed (its queue is gone). */
    private long queue() {
        return owner.openQueue();
    }

    @Override
    protected void readFloats(float[] dst) {
        if (dst.length > 0) {
            ClException.check(clEnqueueReadBuffer(queue(), mem, true, 0, dst, null, null), "clEnqueueReadBuffer");
        }
    }

    @Override
    protected void readInts(int[] dst) {
        if (dst.length > 0) {
            ClException.check(clEnqueueReadBuffer(queue(), mem, true, 0, dst, null, null), "clEnqueueReadBuffer");
        }
    }

    @Override
    protected void writeFloats(float[] src) {
        if (src.length > 0) {
            ClException.check(clEnqueueWriteBuffer(queue(), mem, true, 0, src, null, null), "clEnqueueWriteBuffer");
        }
    }

    @Override
    protected void writeInts(int[] src) {
        if (src.length > 0) {
            ClException.check(clEnqueueWriteBuffer(queue(), mem, true, 0, src, null, null), "clEnqueueWriteBuffer");
        }
    }

    @Override
    protected Tensor view(int[] newShape) {
        return new ClTensor(owner, dtype(), newShape, this, mem);
    }

    @Override
    protected void release() {
        owner.released(mem);
    }
}
