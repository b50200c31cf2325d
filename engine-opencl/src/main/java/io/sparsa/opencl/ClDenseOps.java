package io.sparsa.opencl;

import io.sparsa.backend.Checks;
import io.sparsa.tensor.Tensor;

/** GEMM through the tiled {@code gemm} kernel. */
final class ClDenseOps {
    private final ClBackend b;

    ClDenseOps(ClBackend b) {
        this.b = b;
    }

    void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor bm, float beta, Tensor c) {
        int[] mnk = Checks.gemm(b, transA, transB, a, bm, c);
        int m = mnk[0];
        int n = mnk[1];
        int k = mnk[2];
        KernelTuning t = b.tuning();
        long tiles = (long) ceilDiv(m, t.tileMN()) * ceilDiv(n, t.tileMN());
        b.launch("gemm").buffer(a).buffer(bm).buffer(c).arg(m).arg(n).arg(k).arg(transA).arg(transB).arg(alpha)
                .arg(beta).groups(tiles, t.tileThreads());
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
