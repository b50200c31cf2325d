package io.sparsa.cuda;

import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

import java.util.List;

/**
 * A {@link CuDevice} on the CUDA driver API: the device's primary context, one stream, the
 * kernels' PTX loaded as a module, pinned staging buffers, and cuBLAS when it is in use. Buffers
 * are {@link CUdeviceptr}s. Every call makes the context current first, since the backend may be
 * driven from any thread.
 */
final class CuDriverDevice implements CuDevice {
    private final CuContext context;
    private final CuKernels kernels;
    private final CuStaging staging;
    private final CuBlas blas;
    private final String gemmDescription;

    /**
     * Opens device {@code ordinal} and loads {@code ptx}; with {@code useCublas}, creates a cuBLAS
     * handle on the device's stream.
     *
     * @param gemmDescription what {@link #describe()} says about the GEMM path and why
     */
    CuDriverDevice(int ordinal, PtxImage ptx, boolean useCublas, String gemmDescription) {
        CuException.check(JCudaDriver.cuInit(0), "cuInit");
        this.context = new CuContext(ordinal);
        CuKernels k = null;
        CuStaging s = null;
        try {
            k = new CuKernels(context, ptx);
            s = new CuStaging(context);
            this.blas = useCublas ? new CuBlas(context) : null;
        } catch (RuntimeException | Error e) {
            if (s != null) {
                s.close();
            }
            if (k != null) {
                k.close();
            }
            context.close();
            throw e;
        }
        this.kernels = k;
        this.staging = s;
        this.gemmDescription = gemmDescription;
    }

    private static CUdeviceptr ptr(Object buffer) {
        return buffer == null ? new CUdeviceptr() : (CUdeviceptr) buffer;
    }

    @Override
    public Object allocate(long bytes) {
        context.bind();
        CUdeviceptr p = new CUdeviceptr();
        int r = JCudaDriver.cuMemAlloc(p, bytes);
        if (r == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
            return null;
        }
        CuException.check(r, "cuMemAlloc(" + bytes + ")");
        return p;
    }

    @Override
    public void free(Object buffer) {
        context.bind();
        CuException.check(JCudaDriver.cuMemFree(ptr(buffer)), "cuMemFree");
    }

    @Override
    public void fill32(Object buffer, int bits, long count) {
        context.bind();
        CuException.check(JCudaDriver.cuMemsetD32Async(ptr(buffer), bits, count, context.stream()), "cuMemsetD32Async");
    }

    @Override
    public void copy(Object src, Object dst, long bytes) {
        context.bind();
        CuException.check(JCudaDriver.cuMemcpyDtoDAsync(ptr(dst), ptr(src), bytes, context.stream()), "cuMemcpyDtoDAsync");
    }

    @Override
    public void upload(float[] src, Object dst) {
        context.bind();
        staging.upload(src, ptr(dst));
    }

    @Override
    public void upload(int[] src, Object dst) {
        context.bind();
        staging.upload(src, ptr(dst));
    }

    @Override
    public void download(Object src, float[] dst) {
        context.bind();
        staging.download(ptr(src), dst);
    }

    @Override
    public void download(Object src, int[] dst) {
        context.bind();
        staging.download(ptr(src), dst);
    }

    @Override
    public void launch(String kernel, List<Arg> args, long blocks, int threads) {
        context.bind();
        NativePointerObject[] params = new NativePointerObject[args.size()];
        for (int i = 0; i < params.length; i++) {
            Arg a = args.get(i);
            if (a instanceof Buffer b) {
                params[i] = Pointer.to(ptr(b.handle()));
            } else if (a instanceof Int v) {
                params[i] = Pointer.to(new int[]{v.value()});
            } else {
                params[i] = Pointer.to(new float[]{((Float32) a).value()});
            }
        }
        CuException.check(JCudaDriver.cuLaunchKernel(kernels.function(kernel), (int) blocks, 1, 1, threads, 1, 1, 0,
                context.stream(), Pointer.to(params), null), "cuLaunchKernel(" + kernel + ")");
    }

    @Override
    public boolean vendorGemm(boolean transA, boolean transB, int m, int n, int k, float alpha, Object a, Object b,
                              float beta, Object c) {
        if (blas == null) {
            return false;
        }
        context.bind();
        blas.gemm(transA, transB, m, n, k, alpha, ptr(a), ptr(b), beta, ptr(c));
        return true;
    }

    @Override
    public void synchronize() {
        context.synchronize();
    }

    @Override
    public String describe() {
        int[] v = new int[1];
        CuException.check(JCudaDriver.cuDriverGetVersion(v), "cuDriverGetVersion");
        return context.describe() + ", CUDA driver " + PtxIsa.formatCudaVersion(v[0]) + ", PTX ISA "
                + kernels.ptx().isa() + ", gemm: " + gemmDescription;
    }

    /** Whether GEMM goes through cuBLAS. */
    boolean usesCublas() {
        return blas != null;
    }

    /** Destroys the cuBLAS handle, the staging buffers, the module, the stream, and releases the context. */
    @Override
    public void close() {
        try {
            context.synchronize();
        } finally {
            try {
                if (blas != null) {
                    blas.close();
                }
                staging.close();
                kernels.close();
            } finally {
                context.close();
            }
        }
    }
}
