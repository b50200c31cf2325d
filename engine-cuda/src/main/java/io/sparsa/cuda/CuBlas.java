package io.sparsa.cuda;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasOperation;
import jcuda.jcublas.cublasStatus;
import jcuda.runtime.cudaStream_t;

/**
 * Dense GEMM through cuBLAS, on the backend's stream. cuBLAS is column-major and the tensors are
 * row-major; a row-major {@code [M, N]} matrix is the column-major {@code [N, M]} matrix of the
 * same memory, its transpose. So {@code C = op(A) op(B)} is computed as the column-major
 * {@code C^T = op(B)^T op(A)^T}: the operands swap places and keep their transpose flags.
 *
 * <p>JCublas needs {@code libcublas.so.12} (a CUDA 12 toolkit or runtime); whether it loads is
 * decided once per process by {@link #availability()}.
 */
final class CuBlas implements AutoCloseable {
    private final cublasHandle handle = new cublasHandle();
    private final int version;

    /** Whether cuBLAS loaded and why not; decided once, since a failed native load cannot be retried. */
    record Availability(boolean loaded, String description, Throwable cause) {
    }

    private static Availability loadResult;

    /** Creates a handle bound to the current context and to {@code context}'s stream. */
    CuBlas(CuContext context) {
        check(JCublas2.cublasCreate(handle), "cublasCreate");
        try {
            check(JCublas2.cublasSetStream(handle, new cudaStream_t(context.stream())), "cublasSetStream");
            int[] v = new int[1];
            check(JCublas2.cublasGetVersion(handle, v), "cublasGetVersion");
            version = v[0];
        } catch (RuntimeException e) {
            JCublas2.cublasDestroy(handle);
            throw e;
        }
    }

    /**
     * Loads JCublas and libcublas once. Must be called with a context current (the probe does),
     * because it creates and destroys a handle to prove cuBLAS works, not only that it links.
     */
    static synchronized Availability availability(CuContext context) {
        if (loadResult == null) {
            try {
                try (CuBlas blas = new CuBlas(context)) {
                    loadResult = new Availability(true, "cuBLAS " + formatVersion(blas.version), null);
                }
            } catch (Throwable t) {
                loadResult = new Availability(false, CuFailures.describeLoadFailure(t), CuFailures.concise(t));
            }
        }
        return loadResult;
    }

    /** cuBLAS reports {@code 120604} for 12.6.4. */
    static String formatVersion(int v) {
        return v / 10000 + "." + (v / 100) % 100 + "." + v % 100;
    }

    /**
     * Row-major {@code C[M, N] = alpha op(A) op(B) + beta C}, as {@link io.sparsa.backend.ops.DenseOps#gemm}.
     * With {@code beta == 0} cuBLAS does not read C, so NaN there does not propagate.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, CUdeviceptr a, CUdeviceptr b,
              float beta, CUdeviceptr c) {
        int lda = Math.max(1, transA ? m : k);
        int ldb = Math.max(1, transB ? k : n);
        check(JCublas2.cublasSgemm(handle,
                transB ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N,
                transA ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N,
                n, m, k, Pointer.to(new float[]{alpha}), b, ldb, a, lda, Pointer.to(new float[]{beta}), c, Math.max(1, n)),
                "cublasSgemm");
    }

    private static void check(int status, String call) {
        if (status != cublasStatus.CUBLAS_STATUS_SUCCESS) {
            throw new CuException(call + " failed: " + cublasStatus.stringFor(status) + " (" + status + ")", status);
        }
    }

    @Override
    public void close() {
        JCublas2.cublasDestroy(handle);
    }
}
