package io.sparsa.opencl;

import io.sparsa.backend.Checks;
import io.sparsa.backend.ops.Conv2dGeometry;
import io.sparsa.backend.ops.EllMatrix;
import io.sparsa.tensor.Tensor;

import static io.sparsa.opencl.ClDenseOps.ceilDiv;

/** Dense and sparse convolutions and max pooling ({@code conv2d.cl}, {@code maxpool.cl}). */
final class ClConvOps {
    /** Split the weight-gradient reduction until about this many work-groups per compute unit run. */
    private static final int GROUPS_PER_COMPUTE_UNIT = 4;

    private final ClBackend b;

    ClConvOps(ClBackend b) {
        this.b = b;
    }

    /** The geometry arguments every conv kernel ends with, in the order of conv2d.cl. */
    private record Shape(int batch, int cin, int inH, int inW, int cout, Conv2dGeometry g, int outH, int outW) {
        static Shape of(Tensor input, int cout, Conv2dGeometry g) {
            return new Shape(input.dim(0), input.dim(1), input.dim(2), input.dim(3), cout, g, g.outH(input.dim(2)),
                    g.outW(input.dim(3)));
        }

        ClLaunch append(ClLaunch l) {
            return l.arg(batch).arg(cin).arg(inH).arg(inW).arg(cout).arg(g.kernelH()).arg(g.kernelW()).arg(g.strideH())
                    .arg(g.strideW()).arg(g.padH()).arg(g.padW()).arg(outH).arg(outW);
        }

        int taps() {
            return cin * g.kernelH() * g.kernelW();
        }

        long outputs() {
            return (long) batch * outH * outW;
        }
    }

    void conv2d(Tensor x, Tensor w, Tensor bias, Conv2dGeometry g, Tensor y) {
        Checks.conv2d(b, x, w, bias, g, y);
        Shape s = Shape.of(x, w.dim(0), g);
        KernelTuning t = b.tuning();
        long groups = (long) ceilDiv(s.cout, t.tileMN()) * ceilDiv((int) s.outputs(), t.tileMN());
        s.append(b.launch("conv2d_forward").buffer(x).buffer(w).optional(bias).arg(bias != null).buffer(y))
                .groups(groups, t.tileThreads());
    }

    void conv2dSparseInput(Tensor x, Tensor w, Tensor bias, Conv2dGeometry g, Tensor y) {
        Checks.conv2dSparseInput(b, x, w, bias, g, y);
        Shape s = Shape.of(x, w.dim(0), g);
        s.append(b.launch("conv2d_sparse_input").buffer(x).buffer(w).optional(bias).arg(bias != null).buffer(y))
                .items(y.size());
    }

    void conv2dBackwardData(Tensor dy, Tensor w, Conv2dGeometry g, Tensor dx) {
        Checks.conv2dBackwardData(b, dy, w, g, dx);
        Shape s = Shape.of(dx, w.dim(0), g);
        KernelTuning t = b.tuning();
        long groups = (long) ceilDiv(s.cin, t.tileMN()) * ceilDiv(s.batch * s.inH * s.inW, t.tileMN());
        s.append(b.launch("conv2d_backward_data").buffer(dy).buffer(w).buffer(dx)).groups(groups, t.tileThreads());
    }

    void conv2dBackwardWeights(Tensor x, Tensor dy, Conv2dGeometry g, Tensor dw, Tensor dBias) {
        Checks.conv2dBackwardWeights(b, x, dy, g, dw, dBias);
        Shape s = Shape.of(x, dw.dim(0), g);
        KernelTuning t = b.tuning();
        int m = s.cout;
        int n = s.taps();
        int k = (int) s.outputs();
        long tiles = (long) ceilDiv(m, t.tileMN()) * ceilDiv(n, t.tileMN());
        if (tiles > 0) {
            // Few output tiles but a long reduction: cut K into splits so the device has enough
            // work-groups, each split at least 4 K-steps long; partials are summed in split order.
            long wanted = (long) GROUPS_PER_COMPUTE_UNIT * b.context().device().computeUnits();
            int maxSplits = Math.max(1, k / (4 * KernelTuning.TILE_K));
            int splits = (int) Math.max(1, Math.min(maxSplits, (wanted + tiles - 1) / tiles));
            int chunk = ceilDiv(ceilDiv(Math.max(k, 1), splits), KernelTuning.TILE_K) * KernelTuning.TILE_K;
            splits = Math.max(1, ceilDiv(k, chunk));
            if (splits == 1) {
                s.append(b.launch("conv2d_backward_weights").buffer(x).buffer(dy).buffer(dw).arg(1).arg(chunk))
                        .groups(tiles, t.tileThreads());
            } else {
                synchronized (b.context()) {
                    long partial = b.context().scratch("conv.splits", 4L * splits * m * n);
                    s.append(b.launch("conv2d_backward_weights").buffer(x).buffer(dy).buffer(partial).arg(splits)
                            .arg(chunk)).groups(tiles * splits, t.tileThreads());
                    b.launch("sum_splits").buffer(partial).arg(splits).arg(m * n).buffer(dw).items((long) m * n);
                }
            }
        }
        if (dBias != null) {
            biasGradient(dy, s, dBias);
        }
    }

    private void biasGradient(Tensor dy, Shape s, Tensor dBias) {
        b.launch("conv_bias_grad").buffer(dy).arg(s.batch).arg(s.cout).arg(s.outH * s.outW).buffer(dBias)
                .groups(s.cout, b.tuning().workGroup());
    }

    void sparseConv2d(Tensor x, EllMatrix w, Tensor bias, Conv2dGeometry g, Tensor y) {
        Checks.sparseConv2d(b, x, w, bias, g, y);
        Shape s = Shape.of(x, w.rows(), g);
        int wg = b.tuning().workGroup();
        long groups = (long) s.cout * ceilDiv((int) s.outputs(), wg);
        s.append(b.launch("sparse_conv2d_forward").buffer(x).buffer(w.columns()).buffer(w.values()).arg(w.nnz())
                .optional(bias).arg(bias != null).buffer(y)).groups(groups, wg);
    }

    void sparseConv2dBackwardData(Tensor dy, EllMatrix w, Conv2dGeometry g, Tensor dx) {
        Checks.sparseConv2dBackwardData(b, dy, w, g, dx);
        if (dx.size() == 0) {
            return;
        }
        Shape s = Shape.of(dx, w.rows(), g);
        synchronized (b.context()) {
            EllTranspose t = EllTranspose.of(b, w);
            s.append(b.launch("sparse_conv2d_backward_data").buffer(dy).buffer(w.values()).buffer(t.offsets())
                    .buffer(t.rows()).buffer(t.positions()).buffer(dx)).items(dx.size());
        }
    }

    void sparseConv2dBackwardWeights(Tensor x, Tensor dy, EllMatrix w, Conv2dGeometry g, Tensor dValues,
                                     Tensor dBias) {
        Checks.sparseConv2dBackwardWeights(b, x, dy, w, g, dValues, dBias);
        Shape s = Shape.of(x, w.rows(), g);
        s.append(b.launch("sparse_conv2d_backward_weights").buffer(x).buffer(dy).buffer(w.columns()).arg(w.nnz())
                .buffer(dValues)).groups((long) w.rows() * w.nnz(), b.tuning().workGroup());
        if (dBias != null) {
            biasGradient(dy, s, dBias);
        }
    }

    void maxPool2d(Tensor x, int kernel, int stride, Tensor y, Tensor argmax) {
        Checks.maxPool2d(b, x, kernel, stride, y, argmax);
        int planes = x.dim(0) * x.dim(1);
        b.launch("maxpool2d_forward").buffer(x).buffer(y).buffer(argmax).arg(planes).arg(x.dim(2)).arg(x.dim(3))
                .arg(y.dim(2)).arg(y.dim(3)).arg(kernel).arg(stride).items(y.size());
    }

    void maxPool2dBackward(Tensor dy, Tensor argmax, Tensor dx) {
        Checks.maxPool2dBackward(b, dy, argmax, dx);
        int planes = dx.dim(0) * dx.dim(1);
        b.launch("maxpool2d_backward").buffer(dy).buffer(argmax).buffer(dx).arg(planes).arg(dx.dim(2) * dx.dim(3))
                .arg(dy.dim(2) * dy.dim(3)).items(planes);
    }
}
