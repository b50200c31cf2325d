package io.sparsa.cuda;

import io.sparsa.kernels.Dialect;
import io.sparsa.kernels.KernelSources;
import org.lwjgl.BufferUtils;
import org.lwjgl.PointerBuffer;
import org.lwjgl.opencl.CL;
import org.lwjgl.system.Configuration;
import org.lwjgl.system.MemoryStack;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.lwjgl.opencl.CL10.CL_CONTEXT_PLATFORM;
import static org.lwjgl.opencl.CL10.CL_DEVICE_NAME;
import static org.lwjgl.opencl.CL10.CL_DEVICE_TYPE_ALL;
import static org.lwjgl.opencl.CL10.CL_MEM_READ_WRITE;
import static org.lwjgl.opencl.CL10.CL_PROGRAM_BUILD_LOG;
import static org.lwjgl.opencl.CL10.CL_SUCCESS;
import static org.lwjgl.opencl.CL10.clBuildProgram;
import static org.lwjgl.opencl.CL10.clCreateBuffer;
import static org.lwjgl.opencl.CL10.clCreateCommandQueue;
import static org.lwjgl.opencl.CL10.clCreateContext;
import static org.lwjgl.opencl.CL10.clCreateKernel;
import static org.lwjgl.opencl.CL10.clCreateProgramWithSource;
import static org.lwjgl.opencl.CL10.clEnqueueCopyBuffer;
import static org.lwjgl.opencl.CL10.clEnqueueNDRangeKernel;
import static org.lwjgl.opencl.CL10.clEnqueueReadBuffer;
import static org.lwjgl.opencl.CL10.clEnqueueWriteBuffer;
import static org.lwjgl.opencl.CL10.clFinish;
import static org.lwjgl.opencl.CL10.clGetDeviceIDs;
import static org.lwjgl.opencl.CL10.clGetDeviceInfo;
import static org.lwjgl.opencl.CL10.clGetPlatformIDs;
import static org.lwjgl.opencl.CL10.clGetProgramBuildInfo;
import static org.lwjgl.opencl.CL10.clReleaseCommandQueue;
import static org.lwjgl.opencl.CL10.clReleaseContext;
import static org.lwjgl.opencl.CL10.clReleaseKernel;
import static org.lwjgl.opencl.CL10.clReleaseMemObject;
import static org.lwjgl.opencl.CL10.clReleaseProgram;
import static org.lwjgl.opencl.CL10.clSetKernelArg1f;
import static org.lwjgl.opencl.CL10.clSetKernelArg1i;
import static org.lwjgl.opencl.CL10.clSetKernelArg1p;
import static org.lwjgl.opencl.CL12.clEnqueueFillBuffer;

/**
 * A {@link CuDevice} that runs the shared kernels compiled as OpenCL (on PoCL in CI) instead of as
 * PTX. The CUDA backend's host code (which kernel, which arguments in which order, which grid,
 * which scratch buffers) then runs unchanged through the conformance kit on machines without an
 * NVIDIA GPU: the sources are the same, built with the same default sizes as the PTX, and the
 * launch is translated one to one (grid x block threads become global x local work-items).
 *
 * <p>What it cannot check is what only a GPU can: the PTX itself, the driver calls, cuBLAS.
 */
final class ClEmulatedDevice implements CuDevice {
    private static String unavailableReason;
    private static boolean loaded;

    private final long platform;
    private final long device;
    private final String deviceName;
    private final long context;
    private final long queue;
    private final Map<String, Long> programs = new HashMap<>();
    private final Map<String, Long> kernels = new HashMap<>();

    /** Null when an OpenCL device can be used here, else why not. */
    static synchronized String unavailableReason() {
        if (!loaded) {
            loaded = true;
            try {
                Configuration.OPENCL_EXPLICIT_INIT.set(true);
                String name = System.getProperty("org.lwjgl.opencl.libname");
                boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
                CL.create(name != null ? name : linux ? "libOpenCL.so.1" : "OpenCL");
                try (MemoryStack stack = MemoryStack.stackPush()) {
                    IntBuffer count = stack.mallocInt(1);
                    int r = clGetPlatformIDs(null, count);
                    if (r != CL_SUCCESS || count.get(0) == 0) {
                        unavailableReason = "no OpenCL platform (install e.g. pocl-opencl-icd)";
                    }
                }
            } catch (Throwable t) {
                unavailableReason = "no OpenCL library: " + t;
            }
        }
        return unavailableReason;
    }

    ClEmulatedDevice() {
        if (unavailableReason() != null) {
            throw new IllegalStateException(unavailableReason());
        }
        try (MemoryStack stack = MemoryStack.stackPush()) {
            PointerBuffer platforms = stack.mallocPointer(1);
            check(clGetPlatformIDs(platforms, (IntBuffer) null), "clGetPlatformIDs");
            platform = platforms.get(0);
            PointerBuffer devices = stack.mallocPointer(1);
            check(clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, devices, (IntBuffer) null), "clGetDeviceIDs");
            device = devices.get(0);
            PointerBuffer size = stack.mallocPointer(1);
            check(clGetDeviceInfo(device, CL_DEVICE_NAME, (ByteBuffer) null, size), "clGetDeviceInfo");
            ByteBuffer nameBytes = stack.malloc((int) size.get(0));
            check(clGetDeviceInfo(device, CL_DEVICE_NAME, nameBytes, null), "clGetDeviceInfo");
            deviceName = StandardCharsets.UTF_8.decode(nameBytes).toString().replace("\u0000", "").strip();
            IntBuffer err = stack.mallocInt(1);
            PointerBuffer props = stack.mallocPointer(3).put(CL_CONTEXT_PLATFORM).put(platform).put(0L).flip();
            context = clCreateContext(props, device, null, 0L, err);
            check(err.get(0), "clCreateContext");
            queue = clCreateCommandQueue(context, device, 0L, err);
            check(err.get(0), "clCreateCommandQueue");
        }
    }

    private static void check(int code, String call) {
        if (code != CL_SUCCESS) {
            throw new IllegalStateException(call + " failed with OpenCL error " + code);
        }
    }

    private static long mem(Object buffer) {
        return buffer == null ? 0L : (Long) buffer;
    }

    @Override
    public Object allocate(long bytes) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer err = stack.mallocInt(1);
            long m = clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, err);
            check(err.get(0), "clCreateBuffer(" + bytes + ")");
            return m;
        }
    }

    @Override
    public void free(Object buffer) {
        check(clReleaseMemObject(mem(buffer)), "clReleaseMemObject");
    }

    @Override
    public void fill32(Object buffer, int bits, long count) {
        ByteBuffer pattern = BufferUtils.createByteBuffer(4).putInt(0, bits);
        check(clEnqueueFillBuffer(queue, mem(buffer), pattern, 0, 4L * count, null, null), "clEnqueueFillBuffer");
    }

    @Override
    public void copy(Object src, Object dst, long bytes) {
        check(clEnqueueCopyBuffer(queue, mem(src), mem(dst), 0, 0, bytes, null, null), "clEnqueueCopyBuffer");
    }

    @Override
    public void upload(float[] src, Object dst) {
        check(clEnqueueWriteBuffer(queue, mem(dst), true, 0, src, null, null), "clEnqueueWriteBuffer");
    }

    @Override
    public void upload(int[] src, Object dst) {
        check(clEnqueueWriteBuffer(queue, mem(dst), true, 0, src, null, null), "clEnqueueWriteBuffer");
    }

    @Override
    public void download(Object src, float[] dst) {
        check(clEnqueueReadBuffer(queue, mem(src), true, 0, dst, null, null), "clEnqueueReadBuffer");
    }

    @Override
    public void download(Object src, int[] dst) {
        check(clEnqueueReadBuffer(queue, mem(src), true, 0, dst, null, null), "clEnqueueReadBuffer");
    }

    @Override
    public void launch(String kernel, List<Arg> args, long blocks, int threads) {
        long k = kernel(kernel);
        for (int i = 0; i < args.size(); i++) {
            Arg a = args.get(i);
            int r;
            if (a instanceof Buffer b) {
                r = clSetKernelArg1p(k, i, mem(b.handle()));
            } else if (a instanceof Int v) {
                r = clSetKernelArg1i(k, i, v.value());
            } else {
                r = clSetKernelArg1f(k, i, ((Float32) a).value());
            }
            check(r, "clSetKernelArg(" + kernel + ", " + i + ")");
        }
        try (MemoryStack stack = MemoryStack.stackPush()) {
            PointerBuffer global = stack.mallocPointer(1).put(0, blocks * threads);
            PointerBuffer local = stack.mallocPointer(1).put(0, threads);
            check(clEnqueueNDRangeKernel(queue, k, 1, null, global, local, null, null),
                    "clEnqueueNDRangeKernel(" + kernel + ", " + blocks + " x " + threads + ")");
        }
    }

    /** The kernel, building its unit with the default sizes (as the PTX is built) on first use. */
    private long kernel(String name) {
        Long cached = kernels.get(name);
        if (cached != null) {
            return cached;
        }
        String unit = KernelSources.unitOf(name);
        long program = programs.computeIfAbsent(unit, this::build);
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer err = stack.mallocInt(1);
            long k = clCreateKernel(program, name, err);
            check(err.get(0), "clCreateKernel(" + name + ")");
            kernels.put(name, k);
            return k;
        }
    }

    private long build(String unit) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer err = stack.mallocInt(1);
            long program = clCreateProgramWithSource(context, KernelSources.assemble(Dialect.OPENCL, unit), err);
            check(err.get(0), "clCreateProgramWithSource(" + unit + ")");
            if (clBuildProgram(program, device, "", null, 0L) != CL_SUCCESS) {
                PointerBuffer size = stack.mallocPointer(1);
                clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, (ByteBuffer) null, size);
                ByteBuffer log = BufferUtils.createByteBuffer((int) Math.max(1, size.get(0)));
                clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, log, null);
                throw new IllegalStateException("kernel unit " + unit + " does not build as OpenCL:\n"
                        + StandardCharsets.UTF_8.decode(log));
            }
            return program;
        }
    }

    @Override
    public boolean vendorGemm(boolean transA, boolean transB, int m, int n, int k, float alpha, Object a, Object b,
                              float beta, Object c) {
        return false;
    }

    @Override
    public void synchronize() {
        check(clFinish(queue), "clFinish");
    }

    @Override
    public String describe() {
        return "CUDA host code on an OpenCL emulation of the device (" + deviceName + "), gemm: tiled kernel";
    }

    @Override
    public void close() {
        clFinish(queue);
        kernels.values().forEach(k -> clReleaseKernel(k));
        programs.values().forEach(p -> clReleaseProgram(p));
        clReleaseCommandQueue(queue);
        clReleaseContext(context);
    }
}
