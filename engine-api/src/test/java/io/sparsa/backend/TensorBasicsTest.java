package io.sparsa.backend;

import io.sparsa.reference.ReferenceBackend;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tensor behaviour shared by every backend, exercised on heap tensors of the reference. */
class TensorBasicsTest {
    private final ReferenceBackend rb = new ReferenceBackend();

    @Test
    void reshapeIsAViewThatSharesStorage() {
        try (Tensor t = rb.fromArray(new float[]{1, 2, 3, 4, 5, 6}, 2, 3)) {
            Tensor v = t.reshape(3, -1);
            assertArrayEquals(new int[]{3, 2}, v.shape());
            assertSame(t, v.base());
            assertSame(t, v.reshape(6).root());
            assertNull(t.base());
            v.copyFrom(new float[]{6, 5, 4, 3, 2, 1});
            assertArrayEquals(new float[]{6, 5, 4, 3, 2, 1}, t.toFloatArray(), "written through the view");
            assertEquals(1, rb.liveAllocations(), "a view is not an allocation");
            v.close();
            assertFalse(t.isClosed(), "closing a view frees nothing");
            assertEquals(1, rb.liveAllocations());
            assertEquals(3, t.dim(-1));
            assertEquals(2, t.dim(0));
            assertThrows(IndexOutOfBoundsException.class, () -> t.dim(2));
        }
        assertEquals(0, rb.liveAllocations());
    }

    @Test
    void reshapeRejectsImpossibleShapes() {
        try (Tensor t = rb.zeros(2, 3)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.reshape(4, 2));
            assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 2]"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> t.reshape(-1, -1));
            assertThrows(IllegalArgumentException.class, () -> t.reshape(4, -1));
            assertThrows(IllegalArgumentException.class, () -> t.reshape(-2, 3));
        }
    }

    @Test
    void closedTensorsAndTheirViewsRefuseAccess() {
        Tensor t = rb.zeros(DType.INT32, 4);
        Tensor v = t.reshape(2, 2);
        t.close();
        t.close();
        assertTrue(t.isClosed());
        assertTrue(v.isClosed(), "a view of a closed tensor is closed");
        IllegalStateException e = assertThrows(IllegalStateException.class, t::toIntArray);
        assertTrue(e.getMessage().contains("closed") && e.getMessage().contains("int32[4]"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> v.copyFrom(new int[4]));
        assertThrows(IllegalStateException.class, () -> t.reshape(4));
        assertTrue(t.toString().contains("closed"));
        assertEquals(0, rb.liveAllocations());
    }

    @Test
    void copiesCheckLengthAndType() {
        try (Tensor t = rb.zeros(2, 3); Tensor i = rb.zeros(DType.INT32, 3)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.copyFrom(new float[7]));
            assertTrue(e.getMessage().contains("length 7") && e.getMessage().contains("6 elements"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> t.copyFrom(new int[6]));
            assertTrue(e.getMessage().contains("float32") && e.getMessage().contains("int32"), e.getMessage());
            assertThrows(IllegalArgumentException.class, t::toIntArray);
            assertThrows(IllegalArgumentException.class, i::toFloatArray);
            assertThrows(IllegalArgumentException.class, () -> rb.fromArray(new float[5], 2, 3));
            assertEquals(2, rb.liveAllocations(), "a failed fromArray closes what it allocated");
            i.copyFrom(new int[]{7, -8, 9});
            assertArrayEquals(new int[]{7, -8, 9}, i.toIntArray());
            assertEquals("float32[2, 3] on reference", t.describe());
        }
    }

    @Test
    void shapesAreCheckedAndCopied() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rb.zeros(2, -3));
        assertTrue(e.getMessage().contains("'shape'") && e.getMessage().contains("-3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> rb.zeros(1 << 16, 1 << 16));
        assertEquals(0, rb.liveAllocations());
        try (Tensor t = rb.zeros(3)) {
            int[] shape = t.shape();
            shape[0] = 99;
            assertEquals(3, t.dim(0), "shape() returns a copy");
            assertEquals(1, t.rank());
            try (Tensor scalar = rb.zeros()) {
                assertEquals(1, scalar.size());
                assertEquals(0, scalar.rank());
            }
        }
    }
}
