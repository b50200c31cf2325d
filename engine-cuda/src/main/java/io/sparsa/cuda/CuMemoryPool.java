package io.sparsa.cuda;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A caching allocator: device blocks are rounded up to a few size buckets and, when released, kept
 * in a free list per bucket for the next request of that bucket, so a training loop that creates
 * and closes the same tensors every step calls the driver's allocator only in its first step.
 *
 * <p>Reuse needs no synchronisation because every kernel and copy of a backend runs in order on
 * its single stream: work queued after a block is handed out again starts only after all work
 * queued before it was released has finished.
 *
 * @param <P> the device pointer type (a fake in the host-only tests)
 */
final class CuMemoryPool<P> {
    /** The driver side: real allocation and free. */
    interface Device<P> {
        /** A new block of exactly {@code bytes}, or {@code null} when the device is out of memory. */
        P allocate(long bytes);

        void free(P block);
    }

    /** A block handed out by the pool, with the bucket size it really occupies. */
    record Block<P>(P pointer, long bytes) {
    }

    /** Counters for tests and reports. */
    record Stats(long blocksInUse, long cachedBlocks, long cachedBytes, long deviceAllocations, long deviceFrees) {
    }

    /** Blocks up to this size round up to a power of two; larger ones to a quarter of their power of two. */
    static final long SMALL_LIMIT = 1L << 20;
    /** The smallest bucket, also the alignment of every block. */
    static final long MIN_BLOCK = 512;

    private final Device<P> device;
    private final Map<Long, ArrayDeque<P>> free = new HashMap<>();
    private final Set<Block<P>> inUse = Collections.newSetFromMap(new IdentityHashMap<>());
    private long cachedBlocks;
    private long cachedBytes;
    private long deviceAllocations;
    private long deviceFrees;
    private boolean closed;

    CuMemoryPool(Device<P> device) {
        this.device = device;
    }

    /**
     * The bucket a request of {@code bytes} falls in: a power of two up to {@link #SMALL_LIMIT}
     * (at most 2x waste on small tensors, where it costs little), above that a multiple of a
     * quarter of the next lower power of two (at most 25 % waste).
     */
    static long bucketSize(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("block size must be > 0, got " + bytes);
        }
        if (bytes <= MIN_BLOCK) {
            return MIN_BLOCK;
        }
        if (bytes <= SMALL_LIMIT) {
            return Long.highestOneBit(bytes - 1) << 1;
        }
        long step = Long.highestOneBit(bytes - 1) >> 2;
        return (bytes + step - 1) / step * step;
    }

    /** A block of at least {@code bytes}; from the cache when one fits, else from the device. */
    synchronized Block<P> acquire(long bytes) {
        if (closed) {
            throw new IllegalStateException("the CUDA memory pool is closed (its backend was closed)");
        }
        long size = bucketSize(bytes);
        ArrayDeque<P> list = free.get(size);
        if (list != null && !list.isEmpty()) {
            cachedBlocks--;
            cachedBytes -= size;
            return handOut(new Block<>(list.pop(), size));
        }
        P p = device.allocate(size);
        if (p == null) {
            // Cached blocks of other sizes may be what fills the device: give them back and retry once.
            trim();
            p = device.allocate(size);
            if (p == null) {
                throw new CuException("out of device memory allocating " + size + " bytes (" + inUse.size()
                        + " blocks in use)", jcuda.driver.CUresult.CUDA_ERROR_OUT_OF_MEMORY);
            }
        }
        deviceAllocations++;
        return handOut(new Block<>(p, size));
    }

    private Block<P> handOut(Block<P> block) {
        inUse.add(block);
        return block;
    }

    /** Returns a block to the cache; a block of a closed pool was already freed, so nothing happens. */
    synchronized void release(Block<P> block) {
        if (!inUse.remove(block)) {
            return;
        }
        free.computeIfAbsent(block.bytes(), k -> new ArrayDeque<>()).push(block.pointer());
        cachedBlocks++;
        cachedBytes += block.bytes();
    }

    /** Frees every cached block on the device. */
    synchronized void trim() {
        for (ArrayDeque<P> list : free.values()) {
            for (P p : list) {
                device.free(p);
                deviceFrees++;
            }
        }
        free.clear();
        cachedBlocks = 0;
        cachedBytes = 0;
    }

    /**
     * Frees every block, cached or still in use, and refuses further requests. Closing twice is
     * harmless.
     *
     * @return how many blocks were still in use (tensors never closed)
     */
    synchronized int close() {
        if (closed) {
            return 0;
        }
        trim();
        int leaked = inUse.size();
        for (Block<P> b : inUse) {
            device.free(b.pointer());
            deviceFrees++;
        }
        inUse.clear();
        closed = true;
        return leaked;
    }

    synchronized Stats stats() {
        return new Stats(inUse.size(), cachedBlocks, cachedBytes, deviceAllocations, deviceFrees);
    }
}
