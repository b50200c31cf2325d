package io.sparsa.cuda;

import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;

import java.nio.charset.StandardCharsets;

/**
 * One device's primary context and the single stream a backend issues all its work on. Work on
 * one stream runs in issue order, which is what lets the memory pool reuse blocks and the staging
 * buffers reuse host memory without further synchronisation.
 *
 * <p>A CUDA context is current per thread, so every entry point of the backend calls
 * {@link #bind()} first; it is cheap.
 */
final class CuContext implements AutoCloseable {
    private final int ordinal;
    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private final String name;
    private final int computeCapability;
    private final long totalMemory;
    private boolean closed;

    /** Retains the primary context of device {@code ordinal} (cuInit must have succeeded). */
    CuContext(int ordinal) {
        this.ordinal = ordinal;
        CuException.check(JCudaDriver.cuDeviceGet(device, ordinal), "cuDeviceGet(" + ordinal + ")");
        this.name = deviceName(device);
        this.computeCapability = computeCapability(device);
        long[] mem = new long[1];
        CuException.check(JCudaDriver.cuDeviceTotalMem(mem, device), "cuDeviceTotalMem");
        this.totalMemory = mem[0];
        CuException.check(JCudaDriver.cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
        try {
            bind();
            // Non-blocking: the stream does not wait on the legacy default stream that other
            // libraries in the process may use.
            CuException.check(JCudaDriver.cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING),
                    "cuStreamCreate");
        } catch (RuntimeException e) {
            JCudaDriver.cuDevicePrimaryCtxRelease(device);
            throw e;
        }
    }

    static String deviceName(CUdevice device) {
        byte[] buf = new byte[256];
        CuException.check(JCudaDriver.cuDeviceGetName(buf, buf.length, device), "cuDeviceGetName");
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    /** {@code 10 * major + minor}, e.g. 90 for an H100. */
    static int computeCapability(CUdevice device) {
        int[] major = new int[1];
        int[] minor = new int[1];
        CuException.check(JCudaDriver.cuDeviceGetAttribute(major,
                CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device), "cuDeviceGetAttribute");
        CuException.check(JCudaDriver.cuDeviceGetAttribute(minor,
                CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device), "cuDeviceGetAttribute");
        return 10 * major[0] + minor[0];
    }

    /** Makes this context current on the calling thread. */
    void bind() {
        if (closed) {
            throw new IllegalStateException("the CUDA backend was closed");
        }
        CuException.check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
    }

    /** Waits for all work issued on the stream; reports asynchronous kernel faults. */
    void synchronize() {
        bind();
        CuException.check(JCudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize");
    }

    CUstream stream() {
        return stream;
    }

    /** {@code NVIDIA H100 80GB HBM3 (device 0, sm_90, 79.1 GiB)}. */
    String describe() {
        return name + " (device " + ordinal + ", sm_" + computeCapability + ", "
                + String.format(java.util.Locale.ROOT, "%.1f GiB", totalMemory / (double) (1L << 30)) + ")";
    }

    /** Destroys the stream and releases the primary context (the driver frees it with its last user). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            bind();
            JCudaDriver.cuStreamSynchronize(stream);
            JCudaDriver.cuStreamDestroy(stream);
        } finally {
            closed = true;
            JCudaDriver.cuDevicePrimaryCtxRelease(device);
        }
    }
}
