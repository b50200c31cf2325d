package io.sparsa.opencl;

import io.sparsa.kernels.Dialect;
import io.sparsa.kernels.KernelSources;
import org.lwjgl.BufferUtils;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.lwjgl.opencl.CL10.CL_CONTEXT_PLATFORM;
import static org.lwjgl.opencl.CL10.CL_KERNEL_WORK_GROUP_SIZE;
import static org.lwjgl.opencl.CL10.CL_MEM_READ_WRITE;
import static org.lwjgl.opencl.CL10.CL_PROGRAM_BUILD_LOG;
import static org.lwjgl.opencl.CL10.CL_SUCCESS;
import static org.lwjgl.opencl.CL10.clBuildProgram;
import static org.lwjgl.opencl.CL10.clCreateBuffer;
import static org.lwjgl.opencl.CL10.clCreateCommandQueue;
import static org.lwjgl.opencl.CL10.clCreateContext;
import static org.lwjgl.opencl.CL10.clCreateKernel;
import static org.lwjgl.opencl.CL10.clCreateProgramWithSource;
import static org.lwjgl.opencl.CL10.clFinish;
import static org.lwjgl.opencl.CL10.clGetKernelWorkGroupInfo;
import static org.lwjgl.opencl.CL10.clGetProgramBuildInfo;
import static org.lwjgl.opencl.CL10.clReleaseCommandQueue;
import static org.lwjgl.opencl.CL10.clReleaseContext;
import static org.lwjgl.opencl.CL10.clReleaseKernel;
import static org.lwjgl.opencl.CL10.clReleaseMemObject;
import static org.lwjgl.opencl.CL10.clReleaseProgram;

/**
 * An OpenCL context and in-order command queue on one device, with the kernel programs built for
 * it: each kernel unit (see {@link KernelSources}) is compiled once, when one of its kernels is
 * first used, and kept for the context's life. Not for use after {@link #close()}.
 */
final class ClContext implements AutoCloseable {
    private final ClDevice device;
    private final KernelTuning tuning;
    private final long context;
    private final long queue;
    private final Map<String, Long> programs = new HashMap<>();
    private final Map<String, Long> kernels = new HashMap<>();
    private final Map<String, long[]> scratch = new HashMap<>();
    private final Map<String, Long> checkedWorkGroups = new HashMap<>();
    private boolean closed;

    ClContext(ClDevice device, KernelTuning tuning) {
        this.device = device;
        this.tuning = tuning;
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer err = stack.mallocInt(1);
            PointerBuffer props = stack.mallocPointer(3).put(CL_CONTEXT_PLATFORM).put(device.platform()).put(0L).flip();
            this.context = clCreateContext(props, device.id(), null, 0L, err);
            ClException.check(err.get(0), "clCreateContext(" + device.name() + ")");
            long q = clCreateCommandQueue(context, device.id(), 0L, err);
            if (err.get(0) != CL_SUCCESS) {
                clReleaseContext(context);
                ClException.check(err.get(0), "clCreateCommandQueue(" + device.name() + ")");
            }
            this.queue = q;
        }
    }

    ClDevice device() {
        return device;
    }

    KernelTuning tuning() {
        return tuning;
    }

    long queue() {
        return queue;
    }

    /** A new read-write buffer of at least 4 bytes (OpenCL rejects empty buffers). */
    long allocate(long bytes) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer err = stack.mallocInt(1);
            long mem = clCreateBuffer(context, CL_MEM_READ_WRITE, Math.max(4L, bytes), err);
            ClException.check(err.get(0), "clCreateBuffer(" + bytes + " bytes)");
            return mem;
        }
    }

    static void free(long mem) {
        ClException.check(clReleaseMemObject(mem), "clReleaseMemObject");
    }

    /**
     * A scratch buffer of at least {@code bytes} for one purpose ({@code slot}), kept and grown
     * between calls. Reuse is safe because the queue is in order: a later command that writes the
     * buffer runs after every earlier one that reads it.
     */
    synchronized long scratch(String slot, long bytes) {
        long[] entry = scratch.get(slot);
        if (entry == null || entry[1] < bytes) {
            if (entry != null) {
                free(entry[0]);
            }
            long size = Math.max(bytes, entry == null ? 0 : entry[1] * 2);
            entry = new long[]{allocate(size), Math.max(4L, size)};
            scratch.put(slot, entry);
        }
        return entry[0];
    }

    /** The kernel called {@code name}, building its unit's program on first use. */
    synchronized long kernel(String name) {
        Long k = kernels.get(name);
        if (k != null) {
            return k;
        }
        String unit = KernelSources.unitOf(name);
        long program = programs.computeIfAbsent(unit,
                u -> buildProgram(u, KernelSources.assemble(Dialect.OPENCL, u), tuning.buildOptions()));
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer err = stack.mallocInt(1);
            long kernel = clCreateKernel(program, name, err);
            ClException.check(err.get(0), "clCreateKernel(" + name + ")");
            kernels.put(name, kernel);
            return kernel;
        }
    }

    /**
     * Fails clearly when {@code kernel} cannot run work-groups of {@code local} items on this
     * device (its registers or local memory may allow fewer than the device maximum).
     */
    synchronized void requireWorkGroup(String name, long kernel, int local) {
        Long limit = checkedWorkGroups.get(name);
        if (limit == null) {
            try (MemoryStack stack = MemoryStack.stackPush()) {
                PointerBuffer v = stack.mallocPointer(1);
                ClException.check(clGetKernelWorkGroupInfo(kernel, device.id(), CL_KERNEL_WORK_GROUP_SIZE, v, null),
                        "clGetKernelWorkGroupInfo(" + name + ")");
                limit = v.get(0);
            }
            checkedWorkGroups.put(name, limit);
        }
        if (local > limit) {
            throw new ClException("kernel " + name + " needs work-groups of " + local + " items but " + device.name()
                    + " allows at most " + limit + " for it (kernel tuning " + tuning + ")", 0);
        }
    }

    /**
     * Compiles {@code source} for this context's device.
     *
     * @throws ClBuildException with the compiler's log when it does not compile
     */
    long buildProgram(String name, String source, String options) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer err = stack.mallocInt(1);
            long program = clCreateProgramWithSource(context, source, err);
            ClException.check(err.get(0), "clCreateProgramWithSource(" + name + ")");
            int code = clBuildProgram(program, device.id(), options, null, 0L);
            if (code != CL_SUCCESS) {
                String log = buildLog(program);
                clReleaseProgram(program);
                throw new ClBuildException(name, options, code, log);
            }
            return program;
        }
    }

    private String buildLog(long program) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            PointerBuffer size = stack.mallocPointer(1);
            int code = clGetProgramBuildInfo(program, device.id(), CL_PROGRAM_BUILD_LOG, (ByteBuffer) null, size);
            if (code != CL_SUCCESS || size.get(0) <= 1) {
                return "(no build log: " + ClErrors.name(code) + ")";
            }
            ByteBuffer buf = BufferUtils.createByteBuffer((int) size.get(0));
            clGetProgramBuildInfo(program, device.id(), CL_PROGRAM_BUILD_LOG, buf, null);
            byte[] bytes = new byte[buf.remaining()];
            buf.get(bytes);
            return new String(bytes, StandardCharsets.UTF_8).replace("\u0000", "").strip();
        }
    }

    void finish() {
        ClException.check(clFinish(queue), "clFinish");
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        clFinish(queue);
        kernels.values().forEach(k -> clReleaseKernel(k));
        programs.values().forEach(p -> clReleaseProgram(p));
        scratch.values().forEach(e -> clReleaseMemObject(e[0]));
        kernels.clear();
        programs.clear();
        scratch.clear();
        clReleaseCommandQueue(queue);
        clReleaseContext(context);
    }
}
