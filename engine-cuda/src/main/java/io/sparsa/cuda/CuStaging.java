package io.sparsa.cuda;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.JCudaDriver;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Pinned (page-locked) host buffers for transfers between Java arrays and device memory. The
 * driver copies pageable memory through a bounce buffer of its own, synchronously; from pinned
 * memory it can DMA directly and asynchronously. Two halves are used in turn, each guarded by an
 * event, so filling one half overlaps with the copy of the other.
 *
 * <p>Each half grows to the largest transfer seen, up to {@link #MAX_HALF_BYTES}; larger transfers
 * go in chunks.
 */
final class CuStaging implements AutoCloseable {
    /** Upper bound of one half: large enough to saturate PCIe, small enough to pin without worry. */
    static final long MAX_HALF_BYTES = 8L << 20;
    private static final long MIN_HALF_BYTES = 64L << 10;

    private final CuContext context;
    private final Pointer[] host = new Pointer[2];
    private final ByteBuffer[] buffers = new ByteBuffer[2];
    private final CUevent[] done = new CUevent[2];
    private final boolean[] pending = new boolean[2];
    private long halfBytes;

    CuStaging(CuContext context) {
        this.context = context;
        for (int i = 0; i < 2; i++) {
            done[i] = new CUevent();
            CuException.check(JCudaDriver.cuEventCreate(done[i], CUevent_flags.CU_EVENT_DISABLE_TIMING),
                    "cuEventCreate");
        }
    }

    /** Copies {@code src} into device memory at {@code dst}; returns once {@code src} may be reused. */
    void upload(float[] src, CUdeviceptr dst) {
        int perChunk = ensureCapacity(4L * src.length) / 4;
        int half = 0;
        for (int off = 0; off < src.length; off += perChunk, half ^= 1) {
            int n = Math.min(perChunk, src.length - off);
            ByteBuffer b = awaitHalf(half);
            b.asFloatBuffer().put(src, off, n);
            copyIn(half, dst, 4L * off, 4L * n);
        }
    }

    void upload(int[] src, CUdeviceptr dst) {
        int perChunk = ensureCapacity(4L * src.length) / 4;
        int half = 0;
        for (int off = 0; off < src.length; off += perChunk, half ^= 1) {
            int n = Math.min(perChunk, src.length - off);
            ByteBuffer b = awaitHalf(half);
            b.asIntBuffer().put(src, off, n);
            copyIn(half, dst, 4L * off, 4L * n);
        }
    }

    /** Copies device memory at {@code src} into {@code dst}, after all work issued before. */
    void download(CUdeviceptr src, float[] dst) {
        int perChunk = ensureCapacity(4L * dst.length) / 4;
        int chunks = (dst.length + perChunk - 1) / perChunk;
        // Keep two copies in flight: chunk c + 2 reuses the half of chunk c once it has been read.
        for (int c = 0; c < Math.min(2, chunks); c++) {
            copyOut(c & 1, src, c, perChunk, dst.length);
        }
        for (int c = 0; c < chunks; c++) {
            int half = c & 1;
            ByteBuffer b = awaitHalf(half);
            int off = c * perChunk;
            b.asFloatBuffer().get(dst, off, Math.min(perChunk, dst.length - off));
            if (c + 2 < chunks) {
                copyOut(half, src, c + 2, perChunk, dst.length);
            }
        }
    }

    void download(CUdeviceptr src, int[] dst) {
        int perChunk = ensureCapacity(4L * dst.length) / 4;
        int chunks = (dst.length + perChunk - 1) / perChunk;
        for (int c = 0; c < Math.min(2, chunks); c++) {
            copyOut(c & 1, src, c, perChunk, dst.length);
        }
        for (int c = 0; c < chunks; c++) {
            int half = c & 1;
            ByteBuffer b = awaitHalf(half);
            int off = c * perChunk;
            b.asIntBuffer().get(dst, off, Math.min(perChunk, dst.length - off));
            if (c + 2 < chunks) {
                copyOut(half, src, c + 2, perChunk, dst.length);
            }
        }
    }

    /** Grows both halves to hold {@code bytes} (capped) and returns the usable bytes per half. */
    private int ensureCapacity(long bytes) {
        long want = Math.min(MAX_HALF_BYTES, Math.max(MIN_HALF_BYTES, Long.highestOneBit(Math.max(1, bytes - 1)) << 1));
        if (want > halfBytes) {
            freeHalves();
            for (int i = 0; i < 2; i++) {
                host[i] = new Pointer();
                CuException.check(JCudaDriver.cuMemAllocHost(host[i], want), "cuMemAllocHost(" + want + ")");
                buffers[i] = host[i].getByteBuffer(0, want).order(ByteOrder.nativeOrder());
            }
            halfBytes = want;
        }
        return (int) halfBytes;
    }

    private ByteBuffer awaitHalf(int half) {
        if (pending[half]) {
            CuException.check(JCudaDriver.cuEventSynchronize(done[half]), "cuEventSynchronize");
            pending[half] = false;
        }
        ByteBuffer b = buffers[half];
        b.clear();
        return b;
    }

    private void copyIn(int half, CUdeviceptr dst, long dstOffset, long bytes) {
        CuException.check(JCudaDriver.cuMemcpyHtoDAsync(dst.withByteOffset(dstOffset), host[half], bytes,
                context.stream()), "cuMemcpyHtoDAsync");
        record(half);
    }

    private void copyOut(int half, CUdeviceptr src, int chunk, int perChunk, int length) {
        long off = (long) chunk * perChunk;
        long n = Math.min(perChunk, length - off);
        CuException.check(JCudaDriver.cuMemcpyDtoHAsync(host[half], src.withByteOffset(4L * off), 4L * n,
                context.stream()), "cuMemcpyDtoHAsync");
        record(half);
    }

    private void record(int half) {
        CuException.check(JCudaDriver.cuEventRecord(done[half], context.stream()), "cuEventRecord");
        pending[half] = true;
    }

    private void freeHalves() {
        for (int i = 0; i < 2; i++) {
            if (pending[i]) {
                JCudaDriver.cuEventSynchronize(done[i]);
                pending[i] = false;
            }
            if (host[i] != null) {
                JCudaDriver.cuMemFreeHost(host[i]);
                host[i] = null;
                buffers[i] = null;
            }
        }
        halfBytes = 0;
    }

    @Override
    public void close() {
        freeHalves();
        for (CUevent e : done) {
            JCudaDriver.cuEventDestroy(e);
        }
    }
}
