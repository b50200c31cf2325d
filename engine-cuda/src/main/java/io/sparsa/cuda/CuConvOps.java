package io.sparsa.cuda;

import io.sparsa.backend.Checks;
import io.sparsa.backend.ops.Conv2dGeometry;
import io.sparsa.backend.ops.EllMatrix;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.Tensor;

/**
 * Dense and sparse 2-d convolutions and max pooling ({@code conv2d.cl}, {@code maxpool.cl}).
 * Each operation checks its arguments with {@link Checks} first, before it queues any work.
 */
final class CuConvOps {
    /** Work-groups a split-K weight gradient aims for, so that small outputs still fill the GPU. */
    private static final long SPLIT_TARGET_GROUPS = 256;
    /** The least depth worth a split of its own. */
    private static final int SPLIT_MIN_CHUNK = 256;

    private final CuBackend backend;
    private final CuKernelSizes sizes;

    CuConvOps(CuBackend backend, CuKernelSizes sizes) {
        this.backend = backend;
        this.sizes = sizes;
    }

    /** Appends the kernels' GEOMETRY arguments: batch, cin, inH, inW, cout, kh, kw, sh, sw, ph, pw, outH, outW. */
    private static CuLaunch geometry(CuLaunch l, Tensor input, int cout, Conv2dGeometry g) {
        int inH = input.dim(2);
        int inW = input.dim(3);
        return l.i32(input.dim(0)).i32(input.dim(1)).i32(inH).i32(inW).i32(cout).i32(g.kernelH()).i32(g.kernelW())
                .i32(g.strideH()).i32(g.strideW()).i32(g.padH()).i32(g.padW()).i32(g.outH(inH)).i32(g.outW(inW));
    }

    private long tiledGlobal(long m, long n) {
        return sizes.tileThreads() * ((m + sizes.tileMn() - 1) / sizes.tileMn()) * ((n + sizes.tileMn() - 1) / sizes.tileMn());
    }

    void conv2d(Tensor x, Tensor w, Tensor bias, Conv2dGeometry g, Tensor y) {
        Checks.conv2d(backend, x, w, bias, g, y);
        int cout = w.dim(0);
        long positions = (long) y.dim(0) * y.dim(2) * y.dim(3);
        geometry(backend.launch(CuKernel.CONV2D_FORWARD).tensor(x).tensor(w).optional(bias).flag(bias != null).tensor(y),
                x, cout, g).run(tiledGlobal(cout, positions), sizes.tileThreads());
    }

    void conv2dSparseInput(Tensor x, Tensor w, Tensor bias, Conv2dGeometry g, Tensor y) {
        Checks.conv2dSparseInput(backend, x, w, bias, g, y);
        geometry(backend.launch(CuKernel.CONV2D_SPARSE_INPUT).tensor(x).tensor(w).optional(bias).flag(bias != null)
                .tensor(y), x, w.dim(0), g).run(y.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    void conv2dBackwardData(Tensor dy, Tensor w, Conv2dGeometry g, Tensor dx) {
        Checks.conv2dBackwardData(backend, dy, w, g, dx);
        long positions = (long) dx.dim(0) * dx.dim(2) * dx.dim(3);
        geometry(backend.launch(CuKernel.CONV2D_BACKWARD_DATA).tensor(dy).tensor(w).tensor(dx), dx, w.dim(0), g)
                .run(tiledGlobal(dx.dim(1), positions), sizes.tileThreads());
    }

    void conv2dBackwardWeights(Tensor x, Tensor dy, Conv2dGeometry g, Tensor dw, Tensor dBias) {
        Checks.conv2dBackwardWeights(backend, x, dy, g, dw, dBias);
        int cout = dw.dim(0);
        int m = cout;
        int n = dw.dim(1) * dw.dim(2) * dw.dim(3);
        int k = dy.dim(0) * dy.dim(2) * dy.dim(3);
        long tiles = sizes.tiles(m) * sizes.tiles(n);
        // Split K when the output alone gives too few work-groups to fill the GPU; the partial
        // products are added in split order by sum_splits, so the result does not depend on timing.
        int splits = 1;
        if (tiles > 0 && tiles < SPLIT_TARGET_GROUPS && k >= 2 * SPLIT_MIN_CHUNK) {
            splits = (int) Math.min((SPLIT_TARGET_GROUPS + tiles - 1) / tiles, k / SPLIT_MIN_CHUNK);
        }
        int kChunk = (int) (((k + (long) splits - 1) / splits + sizes.tileK() - 1) / sizes.tileK() * sizes.tileK());
        if (splits > 1) {
            splits = (k + kChunk - 1) / kChunk;
        } else {
            kChunk = k;
        }
        if (m > 0 && n > 0) {
            if (splits == 1) {
                geometry(backend.launch(CuKernel.CONV2D_BACKWARD_WEIGHTS).tensor(x).tensor(dy).tensor(dw).i32(1)
                        .i32(kChunk), x, cout, g).run(sizes.tileThreads() * tiles, sizes.tileThreads());
            } else {
                try (CuTensor partial = backend.scratch(DType.FLOAT32, splits, m * n)) {
                    geometry(backend.launch(CuKernel.CONV2D_BACKWARD_WEIGHTS).tensor(x).tensor(dy).tensor(partial)
                            .i32(splits).i32(kChunk), x, cout, g)
                            .run(sizes.tileThreads() * tiles * splits, sizes.tileThreads());
                    backend.launch(CuKernel.SUM_SPLITS).tensor(partial).i32(splits).i32(m * n).tensor(dw)
                            .run((long) m * n, CuKernelSizes.ELEMENTWISE_GROUP);
                }
            }
        }
        if (dBias != null) {
            convBiasGrad(dy, dBias);
        }
    }

    private void convBiasGrad(Tensor dy, Tensor dBias) {
        int cout = dy.dim(1);
        backend.launch(CuKernel.CONV_BIAS_GRAD).tensor(dy).i32(dy.dim(0)).i32(cout).i32(dy.dim(2) * dy.dim(3)).tensor(dBias)
                .run((long) sizes.wg() * cout, sizes.wg());
    }

    void sparseConv2d(Tensor x, EllMatrix w, Tensor bias, Conv2dGeometry g, Tensor y) {
        Checks.sparseConv2d(backend, x, w, bias, g, y);
        int cout = w.rows();
        long positions = (long) y.dim(0) * y.dim(2) * y.dim(3);
        long groups = (long) cout * ((positions + sizes.wg() - 1) / sizes.wg());
        geometry(backend.launch(CuKernel.SPARSE_CONV2D_FORWARD).tensor(x).tensor(w.columns()).tensor(w.values()).i32(w.nnz())
                .optional(bias).flag(bias != null).tensor(y), x, cout, g).run(groups * sizes.wg(), sizes.wg());
    }

    void sparseConv2dBackwardData(Tensor dy, EllMatrix w, Conv2dGeometry g, Tensor dx) {
        Checks.sparseConv2dBackwardData(backend, dy, w, g, dx);
        try (CuEllTranspose t = new CuEllTranspose(backend, w)) {
            geometry(backend.launch(CuKernel.SPARSE_CONV2D_BACKWARD_DATA).tensor(dy).tensor(w.values()).tensor(t.offsets)
                    .tensor(t.rows).tensor(t.positions).tensor(dx), dx, w.rows(), g)
                    .run(dx.size(), CuKernelSizes.ELEMENTWISE_GROUP);
        }
    }

    void sparseConv2dBackwardWeights(Tensor x, Tensor dy, EllMatrix w, Conv2dGeometry g, Tensor dValues,
                                            Tensor dBias) {
        Checks.sparseConv2dBackwardWeights(backend, x, dy, w, g, dValues, dBias);
        int cout = w.rows();
        geometry(backend.launch(CuKernel.SPARSE_CONV2D_BACKWARD_WEIGHTS).tensor(x).tensor(dy).tensor(w.columns()).i32(w.nnz())
                .tensor(dValues), x, cout, g).run((long) sizes.wg() * cout * w.nnz(), sizes.wg());
        if (dBias != null) {
            convBiasGrad(dy, dBias);
        }
    }

    void maxPool2d(Tensor x, int kernel, int stride, Tensor y, Tensor argmax) {
        Checks.maxPool2d(backend, x, kernel, stride, y, argmax);
        int planes = x.dim(0) * x.dim(1);
        backend.launch(CuKernel.MAXPOOL2D_FORWARD).tensor(x).tensor(y).tensor(argmax).i32(planes).i32(x.dim(2)).i32(x.dim(3))
                .i32(y.dim(2)).i32(y.dim(3)).i32(kernel).i32(stride)
                .run(y.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    void maxPool2dBackward(Tensor dy, Tensor argmax, Tensor dx) {
        Checks.maxPool2dBackward(backend, dy, argmax, dx);
        int planes = dy.dim(0) * dy.dim(1);
        backend.launch(CuKernel.MAXPOOL2D_BACKWARD).tensor(dy).tensor(argmax).tensor(dx).i32(planes)
                .i32(dx.dim(2) * dx.dim(3)).i32(dy.dim(2) * dy.dim(3))
                .run(planes, CuKernelSizes.ELEMENTWISE_GROUP);
    }
}
