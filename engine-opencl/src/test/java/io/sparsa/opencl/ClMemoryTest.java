package io.sparsa.opencl;

import io.sparsa.backend.Backend;
import io.sparsa.backend.BackendConfig;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Device buffers behind tensors: freed on close, counted while open. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClMemoryTest {
    private Backend backend;

    @BeforeAll
    void start() {
        backend = ClTestSupport.providerOrSkip("OpenCL memory tests").create(new BackendConfig(0, 1));
    }

    @AfterAll
    void stop() {
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void allocatingAndFreeingManyTensorsLeavesNoLiveBuffers() {
        long start = backend.liveAllocations();
        SplittableRandom random = new SplittableRandom(42);
        List<Tensor> open = new ArrayList<>();
        for (int round = 0; round < 2000; round++) {
            int n = random.nextInt(0, 5000);
            Tensor t = round % 4 == 0 ? backend.zeros(DType.INT32, n) : backend.zeros(1, n);
            open.add(t);
            // Work that uses scratch buffers and views must not count as tensors.
            if (round % 100 == 0 && n > 0) {
                try (Tensor idx = backend.zeros(DType.INT32, 1, 1)) {
                    if (t.dtype() == DType.FLOAT32) {
                        backend.kWinners(t, null, 1, t.reshape(1, n), idx);
                    }
                }
            }
            if (open.size() > 50) {
                for (Tensor o : open) {
                    o.close();
                }
                open.clear();
            }
            assertTrue(backend.liveAllocations() - start <= 51, "live count grows without bound");
        }
        open.forEach(Tensor::close);
        assertEquals(start, backend.liveAllocations(), "every buffer released after closing every tensor");
    }

    @Test
    void viewsShareTheBufferAndFreeNothing() {
        long start = backend.liveAllocations();
        Tensor t = backend.fromArray(new float[]{1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor v = t.reshape(3, 2);
        Tensor flat = t.reshape(6);
        assertEquals(start + 1, backend.liveAllocations());
        v.close();
        assertArrayEquals(new float[]{1, 2, 3, 4, 5, 6}, t.toFloatArray(), "closing a view keeps the storage");
        backend.fill(t.reshape(-1), 7f);
        assertArrayEquals(new float[]{7, 7, 7, 7, 7, 7}, t.toFloatArray());
        t.close();
        t.close();
        assertEquals(start, backend.liveAllocations());
        assertThrows(IllegalStateException.class, flat::toFloatArray, "the view of a closed tensor is closed");
    }

    @Test
    void tensorsOfAClosedBackendRefuseReadsAndStillClose() {
        Backend other = ClTestSupport.providerOrSkip("OpenCL memory tests").create(new BackendConfig(0, 1));
        Tensor t = other.fromArray(new float[]{1, 2, 3}, 3);
        other.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, t::toFloatArray);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> other.relu(t, t));
        t.close();
        assertEquals(0, other.liveAllocations());
        other.close();
    }

    @Test
    void roundTripsKeepEveryBit() {
        float[] f = {Float.NaN, -0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NEGATIVE_INFINITY, 1.5f, -3.25f};
        int[] i = {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE};
        try (Tensor tf = backend.fromArray(f, 7); Tensor ti = backend.fromArray(i, 5, 1)) {
            float[] back = tf.toFloatArray();
            for (int j = 0; j < f.length; j++) {
                assertEquals(Float.floatToRawIntBits(f[j]), Float.floatToRawIntBits(back[j]), "element " + j);
            }
            assertArrayEquals(i, ti.toIntArray());
        }
    }
}
