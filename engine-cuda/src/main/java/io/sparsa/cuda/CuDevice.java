package io.sparsa.cuda;

import java.util.List;

/**
 * What the CUDA backend's operations need from a device, and nothing more: memory, transfers, a
 * kernel launch and, optionally, a vendor GEMM. {@link CuDriverDevice} implements it with the CUDA
 * driver API. Keeping the operations behind this small interface lets the tests run the very same
 * host code (argument order, launch geometry, scratch handling) against the same kernel sources
 * compiled as OpenCL, on machines without an NVIDIA GPU.
 *
 * <p>Memory is named by opaque handles that only the device creates and interprets. All work is
 * queued in order on one stream; {@link #synchronize()} waits for it, and so does every download.
 */
interface CuDevice extends AutoCloseable {
    /** A kernel argument: a buffer (a handle, or null for an absent optional tensor), an int or a float. */
    sealed interface Arg permits Buffer, Int, Float32 {
    }

    /** A device buffer argument; {@code handle} null passes a null pointer. */
    record Buffer(Object handle) implements Arg {
    }

    /** A 32-bit integer argument ({@code int} or {@code u32} in the kernel). */
    record Int(int value) implements Arg {
    }

    /** A {@code float} argument. */
    record Float32(float value) implements Arg {
    }

    /** A new buffer of exactly {@code bytes}, or {@code null} when the device is out of memory. */
    Object allocate(long bytes);

    void free(Object buffer);

    /** Sets {@code count} 32-bit words of {@code buffer} to {@code bits}. */
    void fill32(Object buffer, int bits, long count);

    /** Copies {@code bytes} from the start of {@code src} to the start of {@code dst}. */
    void copy(Object src, Object dst, long bytes);

    /** Writes {@code src} at the start of {@code dst}; {@code src} may be reused once this returns. */
    void upload(float[] src, Object dst);

    void upload(int[] src, Object dst);

    /** Reads the start of {@code src} into {@code dst}, after all work queued before. */
    void download(Object src, float[] dst);

    void download(Object src, int[] dst);

    /** Launches {@code kernel} as {@code blocks} blocks of {@code threads} threads (1-d). */
    void launch(String kernel, List<Arg> args, long blocks, int threads);

    /**
     * Row-major single-precision GEMM through a vendor library, as
     * {@link io.sparsa.backend.ops.DenseOps#gemm} with {@code m, n, k >= 1}.
     *
     * @return false when this device has no such library in use (the caller runs the tiled kernel)
     */
    boolean vendorGemm(boolean transA, boolean transB, int m, int n, int k, float alpha, Object a, Object b, float beta,
                       Object c);

    /** Waits for all queued work; reports asynchronous faults. */
    void synchronize();

    /** One line on the device, for {@link io.sparsa.backend.Backend#deviceDescription()}. */
    String describe();

    /** Releases the device's resources (memory still allocated included). */
    @Override
    void close();
}
