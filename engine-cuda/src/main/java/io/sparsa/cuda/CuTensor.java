package io.sparsa.cuda;

import io.sparsa.tensor.DType;
import io.sparsa.tensor.Tensor;

/**
 * A tensor in CUDA device memory. The block comes from the backend's caching pool and goes back
 * to it on {@link #close()}; a view shares its root's block. An empty tensor has no block.
 */
final class CuTensor extends Tensor {
    private final CuBackend backend;
    private final CuMemoryPool.Block<Object> block;
    private final boolean counted;

    private CuTensor(CuBackend backend, DType dtype, int[] shape, CuTensor base, CuMemoryPool.Block<Object> block,
                     boolean counted) {
        super(backend, dtype, shape, base);
        this.backend = backend;
        this.block = block;
        this.counted = counted;
    }

    /**
     * A tensor that owns {@code block} (null for an empty tensor).
     *
     * @param counted whether it counts as a live allocation (user tensors do, a kernel's scratch does not)
     */
    static CuTensor owning(CuBackend backend, DType dtype, int[] shape, CuMemoryPool.Block<Object> block,
                           boolean counted) {
        return new CuTensor(backend, dtype, shape, null, block, counted);
    }

    /** The device buffer (null only for an empty tensor, which no kernel touches). */
    Object buffer() {
        return block == null ? null : block.pointer();
    }

    @Override
    protected void readFloats(float[] dst) {
        if (dst.length > 0) {
            backend.download(this, dst);
        }
    }

    @Override
    protected void readInts(int[] dst) {
        if (dst.length > 0) {
            backend.download(this, dst);
        }
    }

    @Override
    protected void writeFloats(float[] src) {
        if (src.length > 0) {
            backend.upload(src, this);
        }
    }

    @Override
    protected void writeInts(int[] src) {
        if (src.length > 0) {
            backend.upload(src, this);
        }
    }

    @Override
    protected Tensor view(int[] newShape) {
        return new CuTensor(backend, dtype(), newShape, this, block, false);
    }

    @Override
    protected void release() {
        backend.releaseTensor(block, counted);
    }
}
