package io.sparsa.opencl;

import io.sparsa.tensor.Tensor;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;

import java.util.Arrays;

import static org.lwjgl.opencl.CL10.clEnqueueNDRangeKernel;
import static org.lwjgl.opencl.CL10.clSetKernelArg1f;
import static org.lwjgl.opencl.CL10.clSetKernelArg1i;
import static org.lwjgl.opencl.CL10.clSetKernelArg1p;

/**
 * One kernel launch: its arguments, in the order of the kernel's parameter list, then a 1-d
 * NDRange. Arguments are set and the kernel enqueued under the context's lock, so launches from
 * several threads do not mix their arguments.
 */
final class ClLaunch {
    private static final byte MEM = 0;
    private static final byte INT = 1;
    private static final byte FLOAT = 2;

    private final ClContext context;
    private final ClBackend backend;
    private final String name;
    private byte[] kinds = new byte[16];
    private long[] values = new long[16];
    private int count;

    ClLaunch(ClContext context, ClBackend backend, String name) {
        this.context = context;
        this.backend = backend;
        this.name = name;
    }

    /** The buffer of a tensor (a view passes its base's buffer). */
    ClLaunch buffer(Tensor t) {
        return add(MEM, backend.memOf(t));
    }

    /** The buffer of an optional tensor; a 4-byte placeholder buffer when it is null. */
    ClLaunch optional(Tensor t) {
        return add(MEM, t == null ? context.scratch("placeholder", 4) : backend.memOf(t));
    }

    /** A raw buffer handle (scratch buffers). */
    ClLaunch buffer(long mem) {
        return add(MEM, mem);
    }

    ClLaunch arg(int v) {
        return add(INT, v);
    }

    ClLaunch arg(boolean v) {
        return add(INT, v ? 1 : 0);
    }

    ClLaunch arg(float v) {
        return add(FLOAT, Float.floatToRawIntBits(v));
    }

    /**
     * Runs at least {@code items} work-items (one per element; the kernel ignores the excess), in
     * groups of the tuning's work-group size. A fixed group size also means one compiled variant
     * per kernel on runtimes that specialise kernels by group size (PoCL).
     */
    void items(long items) {
        if (items > 0) {
            int local = context.tuning().workGroup();
            enqueue((items + local - 1) / local * local, local);
        }
    }

    /** Runs {@code groups} work-groups of exactly {@code local} work-items each. */
    void groups(long groups, int local) {
        if (groups > 0) {
            enqueue(groups * local, local);
        }
    }

    private ClLaunch add(byte kind, long value) {
        if (count == kinds.length) {
            kinds = Arrays.copyOf(kinds, count * 2);
            values = Arrays.copyOf(values, count * 2);
        }
        kinds[count] = kind;
        values[count] = value;
        count++;
        return this;
    }

    private void enqueue(long global, int local) {
        synchronized (context) {
            long kernel = context.kernel(name);
            context.requireWorkGroup(name, kernel, local);
            for (int i = 0; i < count; i++) {
                int code = switch (kinds[i]) {
                    case MEM -> clSetKernelArg1p(kernel, i, values[i]);
                    case INT -> clSetKernelArg1i(kernel, i, (int) values[i]);
                    default -> clSetKernelArg1f(kernel, i, Float.intBitsToFloat((int) values[i]));
                };
                ClException.check(code, "clSetKernelArg(" + name + ", argument " + i + ")");
            }
            try (MemoryStack stack = MemoryStack.stackPush()) {
                PointerBuffer globalSize = stack.mallocPointer(1).put(0, global);
                PointerBuffer localSize = stack.mallocPointer(1).put(0, local);
                ClException.check(clEnqueueNDRangeKernel(context.queue(), kernel, 1, null, globalSize, localSize, null,
                        null), "clEnqueueNDRangeKernel(" + name + ", global " + global + ", local " + local + ")");
            }
        }
    }
}
