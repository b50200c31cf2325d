package io.sparsa.cuda;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The caching allocator's bookkeeping, against a fake device that counts and limits memory. */
class CuMemoryPoolTest {
    /** A device of {@code capacity} bytes handing out fresh objects as pointers. */
    private static final class FakeDevice implements CuMemoryPool.Device<Object> {
        final long capacity;
        final Map<Object, Long> allocated = new IdentityHashMap<>();
        final List<Long> sizes = new ArrayList<>();
        long used;
        int frees;

        FakeDevice(long capacity) {
            this.capacity = capacity;
        }

        @Override
        public Object allocate(long bytes) {
            if (used + bytes > capacity) {
                return null;
            }
            Object p = new Object();
            allocated.put(p, bytes);
            sizes.add(bytes);
            used += bytes;
            return p;
        }

        @Override
        public void free(Object block) {
            Long bytes = allocated.remove(block);
            assertTrue(bytes != null, "freed a block twice or one never allocated");
            used -= bytes;
            frees++;
        }
    }

    @Test
    void bucketsBoundTheWaste() {
        assertEquals(CuMemoryPool.MIN_BLOCK, CuMemoryPool.bucketSize(1));
        assertEquals(CuMemoryPool.MIN_BLOCK, CuMemoryPool.bucketSize(CuMemoryPool.MIN_BLOCK));
        assertEquals(1024, CuMemoryPool.bucketSize(CuMemoryPool.MIN_BLOCK + 1));
        assertEquals(1 << 20, CuMemoryPool.bucketSize((1 << 20) - 3));
        // Odd sizes from 1 byte to 3 GiB: a bucket is never smaller than the request, wastes at
        // most half below 1 MiB and at most a quarter above, and is a multiple of the alignment.
        for (long bytes = 1; bytes < (3L << 30); bytes = bytes * 3 + 7) {
            long b = CuMemoryPool.bucketSize(bytes);
            assertTrue(b >= bytes, bytes + " -> " + b);
            assertEquals(0, b % CuMemoryPool.MIN_BLOCK, "alignment of the bucket for " + bytes);
            if (bytes > CuMemoryPool.MIN_BLOCK) {
                double waste = (b - bytes) / (double) b;
                assertTrue(waste < (bytes > CuMemoryPool.SMALL_LIMIT ? 0.25 : 0.5), bytes + " -> " + b);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> CuMemoryPool.bucketSize(0));
    }

    @Test
    void releasedBlocksAreReusedWithoutNewAllocations() {
        FakeDevice device = new FakeDevice(1L << 40);
        CuMemoryPool<Object> pool = new CuMemoryPool<>(device);
        long[] requests = {4, 4000, 4000, 123_457, 9_999_999, 4};
        for (int round = 0; round < 100; round++) {
            List<CuMemoryPool.Block<Object>> blocks = new ArrayList<>();
            for (long r : requests) {
                blocks.add(pool.acquire(r));
            }
            assertEquals(requests.length, pool.stats().blocksInUse());
            blocks.forEach(pool::release);
        }
        assertEquals(requests.length, device.sizes.size(), "driver allocations after 100 rounds");
        CuMemoryPool.Stats s = pool.stats();
        assertEquals(0, s.blocksInUse());
        assertEquals(requests.length, s.cachedBlocks());
        assertEquals(device.used, s.cachedBytes());
    }

    @Test
    void aBlockIsHandedOutOnceAtATime() {
        CuMemoryPool<Object> pool = new CuMemoryPool<>(new FakeDevice(1L << 30));
        CuMemoryPool.Block<Object> a = pool.acquire(100);
        pool.release(a);
        CuMemoryPool.Block<Object> b = pool.acquire(200);
        assertSame(a.pointer(), b.pointer(), "same bucket: the cached block comes back");
        CuMemoryPool.Block<Object> c = pool.acquire(300);
        assertTrue(c.pointer() != b.pointer(), "a block in use must not be handed out again");
        pool.release(a);
        assertEquals(2, pool.stats().blocksInUse(), "releasing a stale handle twice changes nothing");
    }

    @Test
    void outOfMemoryFreesTheCacheAndRetries() {
        FakeDevice device = new FakeDevice(3L << 20);
        CuMemoryPool<Object> pool = new CuMemoryPool<>(device);
        pool.release(pool.acquire(2L << 20));
        // 2 MiB are cached in another bucket; 1.5 MiB more does not fit until the cache is freed.
        CuMemoryPool.Block<Object> big = pool.acquire(3L << 19);
        assertEquals(1, device.frees);
        assertEquals(1, pool.stats().blocksInUse());
        CuException e = assertThrows(CuException.class, () -> pool.acquire(3L << 20));
        assertTrue(e.getMessage().contains("out of device memory"), e.getMessage());
        pool.release(big);
    }

    @Test
    void closeFreesCachedAndLeakedBlocks() {
        FakeDevice device = new FakeDevice(1L << 30);
        CuMemoryPool<Object> pool = new CuMemoryPool<>(device);
        CuMemoryPool.Block<Object> leaked = pool.acquire(5000);
        pool.release(pool.acquire(70_000));
        pool.acquire(1);
        assertEquals(2, pool.close());
        assertTrue(device.allocated.isEmpty(), "every device block freed");
        pool.release(leaked);
        assertEquals(0, pool.stats().cachedBlocks(), "a release after close caches nothing");
        assertThrows(IllegalStateException.class, () -> pool.acquire(4));
        assertEquals(0, pool.close(), "closing twice frees nothing more");
    }
}
