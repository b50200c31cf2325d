package io.sparsa.cuda;

import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The kernels' PTX loaded into one context (the driver JIT-compiles it for the device once, and
 * caches the result on disk), with each kernel's function handle looked up once.
 */
final class CuKernels implements AutoCloseable {
    private final CUmodule module = new CUmodule();
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final PtxImage ptx;

    /** Loads {@code ptx} into {@code context}, which must be current on this thread. */
    CuKernels(CuContext context, PtxImage ptx) {
        this.ptx = ptx;
        // PTX is loaded as a NUL-terminated string.
        byte[] text = ptx.text().getBytes(StandardCharsets.US_ASCII);
        int r = JCudaDriver.cuModuleLoadData(module, Arrays.copyOf(text, text.length + 1));
        if (r != CUresult.CUDA_SUCCESS) {
            throw new CuException("cuModuleLoadData(" + ptx.name() + ", PTX ISA " + ptx.isa() + ", " + ptx.target()
                    + ") failed: " + CUresult.stringFor(r) + " (" + r + ")", r);
        }
    }

    CUfunction function(String name) {
        CUfunction f = functions.get(name);
        if (f == null) {
            f = new CUfunction();
            int r = JCudaDriver.cuModuleGetFunction(f, module, name);
            if (r != CUresult.CUDA_SUCCESS) {
                throw new CuException("kernel '" + name + "' is not in the PTX " + ptx.name() + " (entries: "
                        + ptx.entries() + "): " + CUresult.stringFor(r), r);
            }
            functions.put(name, f);
        }
        return f;
    }

    PtxImage ptx() {
        return ptx;
    }

    @Override
    public void close() {
        JCudaDriver.cuModuleUnload(module);
        functions.clear();
    }
}
