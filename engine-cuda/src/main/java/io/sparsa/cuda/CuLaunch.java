package io.sparsa.cuda;

import io.sparsa.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * One kernel launch: the arguments in the kernel's parameter order, then the size. Sizes are
 * given as the shared kernel sources document them (a global work size and a work-group size,
 * 1-d, as in OpenCL); the grid is the global size divided by the block size, rounded up, and the
 * kernels guard their tails.
 */
final class CuLaunch {
    private final CuDevice device;
    private final CuKernel kernel;
    private final List<CuDevice.Arg> args = new ArrayList<>();

    CuLaunch(CuDevice device, CuKernel kernel) {
        this.device = device;
        this.kernel = kernel;
    }

    /** A tensor argument: its device buffer. */
    CuLaunch tensor(Tensor t) {
        args.add(new CuDevice.Buffer(((CuTensor) t).buffer()));
        return this;
    }

    /** A tensor the kernel reads only under a flag that is 0 when {@code t} is null. */
    CuLaunch optional(Tensor t) {
        args.add(new CuDevice.Buffer(t == null ? null : ((CuTensor) t).buffer()));
        return this;
    }

    /** A flag argument: 1 when {@code b}. */
    CuLaunch flag(boolean b) {
        return i32(b ? 1 : 0);
    }

    CuLaunch i32(int v) {
        args.add(new CuDevice.Int(v));
        return this;
    }

    CuLaunch f32(float v) {
        args.add(new CuDevice.Float32(v));
        return this;
    }

    /** Runs {@code global} work-items in work-groups of {@code local}; nothing when {@code global <= 0}. */
    void run(long global, int local) {
        if (global <= 0) {
            return;
        }
        if (local < 1 || local > 1024) {
            throw new IllegalArgumentException("kernel " + kernel.entry() + ": work-group size must be in [1, 1024], got "
                    + local);
        }
        long blocks = (global + local - 1) / local;
        if (blocks > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("kernel " + kernel.entry() + ": " + blocks
                    + " blocks exceed CUDA's grid limit of 2^31 - 1");
        }
        device.launch(kernel.entry(), List.copyOf(args), blocks, local);
    }
}
