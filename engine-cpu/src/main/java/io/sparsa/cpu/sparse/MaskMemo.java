package io.sparsa.cpu.sparse;

import java.util.Arrays;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * Something derived from an ELL mask (a passed check, a transpose), kept per mask array while
 * the array still holds what it held then. Masks are fixed for a layer's life, so comparing with
 * a private copy (a sequential, vectorised scan) replaces redoing the work on every call, while a
 * mask edited in place no longer matches and gets the work done anew. Arrays are held weakly.
 */
final class MaskMemo<V> {
    private final Map<int[], Entry<V>> entries = new WeakHashMap<>();

    private record Entry<V>(int[] snapshot, int rows, int nnz, int cols, V value) {
    }

    /**
     * The value remembered for {@code columns} ({@code [rows, nnz]} of columns below {@code cols})
     * if the array is unchanged since, else {@code compute}'s result, then remembered.
     */
    V get(int[] columns, int rows, int nnz, int cols, Supplier<V> compute) {
        int size = rows * nnz;
        synchronized (entries) {
            Entry<V> e = entries.get(columns);
            if (e != null && e.rows == rows && e.nnz == nnz && e.cols == cols
                    && Arrays.equals(e.snapshot, 0, size, columns, 0, size)) {
                return e.value;
            }
        }
        // Outside the lock: the work may be long, and computing twice under a race is harmless.
        V value = compute.get();
        synchronized (entries) {
            entries.put(columns, new Entry<>(Arrays.copyOf(columns, size), rows, nnz, cols, value));
        }
        return value;
    }
}
