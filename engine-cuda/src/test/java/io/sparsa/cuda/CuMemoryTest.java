package io.sparsa.cuda;

import io.sparsa.backend.BackendConfig;
import io.sparsa.backend.ops.EllMatrix;
import io.sparsa.conformance.TestData;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Device memory on a real GPU: tensors created and closed in a loop bring the live count back to
 * its start, the caching pool serves repeats without new driver allocations, operations with
 * scratch space leave nothing behind, transfers larger than the staging buffers round-trip, and
 * closing the backend frees everything.
 */
class CuMemoryTest {
    @Test
    void allocationsInALoopAreReturnedAndReused() {
        CuTestSupport.assumeCuda("CUDA memory");
        try (CuBackend cuda = (CuBackend) new CuProvider().create(BackendConfig.fromSystemProperties())) {
            long liveAtStart = cuda.liveAllocations();
            int[] sizes = {1, 3, 129, 1000, 4099, 65537, 300_001};
            for (int round = 0; round < 200; round++) {
                List<Tensor> open = new ArrayList<>();
                for (int n : sizes) {
                    open.add(cuda.zeros(n));
                    open.add(cuda.zeros(DType.INT32, n, 1));
                }
                assertEquals(liveAtStart + 2L * sizes.length, cuda.liveAllocations());
                open.forEach(Tensor::close);
                assertEquals(liveAtStart, cuda.liveAllocations(), "live allocations after round " + round);
            }
            CuMemoryPool.Stats stats = cuda.memoryStats();
            assertEquals(0, stats.blocksInUse(), "pool blocks in use after closing every tensor");
            // Every size needs at most two blocks at once (a float and an int tensor): after the first
            // round the pool serves everything from its cache.
            assertTrue(stats.deviceAllocations() <= 2L * sizes.length,
                    "driver allocations: " + stats.deviceAllocations() + " for 200 rounds of " + 2 * sizes.length + " tensors");
        }
    }

    @Test
    void scratchOfMultiKernelOperationsIsReleased() {
        CuTestSupport.assumeCuda("CUDA scratch memory");
        TestData data = new TestData(TestData.seedFromProperties("CUDA scratch memory"));
        try (CuBackend cuda = (CuBackend) new CuProvider().create(BackendConfig.fromSystemProperties())) {
            int batch = 3;
            int n = 9001;
            int out = 37;
            int nnz = 11;
            TestData.EllData ell = data.ell(out, n, nnz);
            try (Tensor x = cuda.fromArray(data.signed(batch * n), batch, n);
                 Tensor kwOut = cuda.zeros(batch, n);
                 Tensor kwIdx = cuda.zeros(DType.INT32, batch, 17);
                 Tensor cols = cuda.fromArray(ell.columns(), out, nnz);
                 Tensor vals = cuda.fromArray(ell.values(), out, nnz);
                 Tensor dy = cuda.fromArray(data.signed(batch * out), batch, out);
                 Tensor dx = cuda.zeros(batch, n);
                 Tensor logits = cuda.fromArray(data.signed(batch * out), batch, out);
                 Tensor labels = cuda.fromArray(data.labels(batch, out), batch)) {
                long live = cuda.liveAllocations();
                long blocks = cuda.memoryStats().blocksInUse();
                EllMatrix w = new EllMatrix(cols, vals, n);
                for (int i = 0; i < 20; i++) {
                    cuda.kWinners(x, null, 17, kwOut, kwIdx);
                    cuda.ellMatmulBackwardData(dy, w, dx);
                    cuda.logSoftmax(logits, logits);
                    cuda.nllLoss(logits, labels);
                }
                cuda.synchronize();
                assertEquals(live, cuda.liveAllocations(), "scratch must not count as live tensors");
                assertEquals(blocks, cuda.memoryStats().blocksInUse(), "scratch blocks must go back to the pool");
            }
        }
    }

    @Test
    void transfersLargerThanTheStagingBuffersRoundTrip() {
        CuTestSupport.assumeCuda("CUDA transfers");
        TestData data = new TestData(TestData.seedFromProperties("CUDA transfers"));
        // 2.5 staging halves: the chunked, double-buffered paths with a short last chunk.
        int n = (int) (CuStaging.MAX_HALF_BYTES / 4 * 5 / 2) + 7;
        float[] floats = data.signed(n);
        int[] ints = data.ints(n, Integer.MIN_VALUE / 2, Integer.MAX_VALUE / 2);
        try (CuBackend cuda = (CuBackend) new CuProvider().create(BackendConfig.fromSystemProperties());
             Tensor f = cuda.fromArray(floats, n);
             Tensor i = cuda.fromArray(ints, n);
             Tensor copy = cuda.zeros(n)) {
            cuda.copy(f, copy);
            assertArrayEquals(floats, copy.toFloatArray());
            assertArrayEquals(ints, i.toIntArray());
        }
    }

    @Test
    void closingTheBackendFreesEverythingAndRefusesUse() {
        CuTestSupport.assumeCuda("CUDA close");
        CuBackend cuda = (CuBackend) new CuProvider().create(BackendConfig.fromSystemProperties());
        Tensor leaked = cuda.zeros(1000);
        Tensor closed = cuda.zeros(77);
        closed.close();
        cuda.close();
        CuMemoryPool.Stats stats = cuda.memoryStats();
        assertEquals(0, stats.blocksInUse(), "blocks in use after close");
        assertEquals(0, stats.cachedBlocks(), "cached blocks after close");
        assertEquals(stats.deviceAllocations(), stats.deviceFrees(), "every driver allocation freed");
        assertThrows(IllegalStateException.class, leaked::toFloatArray);
        assertThrows(IllegalStateException.class, () -> cuda.zeros(3));
        cuda.close();
    }
}
