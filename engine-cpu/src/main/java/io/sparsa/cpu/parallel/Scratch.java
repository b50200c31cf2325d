package io.sparsa.cpu.parallel;

/**
 * A grow-only work array per thread, so that kernels called often (a GEMM per image of a
 * convolution, a transpose per layer call) do not allocate and zero large buffers every time.
 * The contents are whatever the last user left: callers must write every element they read.
 * One instance serves one purpose; a caller must not hold two arrays of the same instance.
 */
public final class Scratch {
    private final ThreadLocal<float[]> buffers = ThreadLocal.withInitial(() -> new float[0]);

    /** An array of at least {@code n} elements, private to the calling thread. */
    public float[] floats(int n) {
        float[] a = buffers.get();
        if (a.length < n) {
            // Grow geometrically so that slowly increasing sizes do not reallocate every call.
            a = new float[Math.max(n, (int) Math.min(Integer.MAX_VALUE - 8, a.length * 3L / 2))];
            buffers.set(a);
        }
        return a;
    }
}
