package io.sparsa.opencl;

import io.sparsa.backend.Checks;
import io.sparsa.tensor.Tensor;

/** Element-wise operations and row reductions ({@code elementwise.cl}). */
final class ClElementwiseOps {
    private final ClBackend b;

    ClElementwiseOps(ClBackend b) {
        this.b = b;
    }

    void addBias(Tensor x, Tensor bias) {
        Checks.addBias(b, x, bias);
        int inner = x.rank() == 4 ? x.dim(2) * x.dim(3) : 1;
        b.launch("add_bias").buffer(x).buffer(bias).arg(x.size()).arg(x.dim(1)).arg(inner).items(x.size());
    }

    void relu(Tensor x, Tensor y) {
        Checks.unary(b, x, y);
        b.launch("relu").buffer(x).buffer(y).arg(x.size()).items(x.size());
    }

    void reluBackward(Tensor dy, Tensor x, Tensor dx) {
        Checks.reluBackward(b, dy, x, dx);
        b.launch("relu_backward").buffer(dy).buffer(x).buffer(dx).arg(dy.size()).items(dy.size());
    }

    void mul(Tensor a, Tensor bt, Tensor out) {
        Checks.mul(b, a, bt, out);
        b.launch("mul").buffer(a).buffer(bt).buffer(out).arg(a.size()).items(a.size());
    }

    void axpy(float alpha, Tensor x, Tensor y) {
        Checks.axpy(b, alpha, x, y);
        b.launch("axpy").buffer(x).buffer(y).arg(x.size()).arg(alpha).items(x.size());
    }

    void scale(float alpha, Tensor x) {
        Checks.scale(b, alpha, x);
        b.launch("scale").buffer(x).arg(x.size()).arg(alpha).items(x.size());
    }

    void clamp(Tensor x, float lo, float hi) {
        Checks.clamp(b, x, lo, hi);
        b.launch("clamp_values").buffer(x).arg(x.size()).arg(lo).arg(hi).items(x.size());
    }

    void greaterEqual(Tensor x, float threshold, Tensor out) {
        Checks.unary(b, x, out);
        b.launch("greater_equal").buffer(x).buffer(out).arg(x.size()).arg(threshold).items(x.size());
    }

    void sumRows(Tensor x, Tensor out) {
        Checks.sumRows(b, x, out);
        b.launch("sum_rows").buffer(x).buffer(out).arg(x.dim(0)).arg(x.dim(1)).items(x.dim(1));
    }

    void gatherRows(Tensor x, Tensor indices, Tensor out) {
        Checks.gatherRows(b, x, indices, out);
        b.launch("gather_rows").buffer(x).buffer(indices).buffer(out).arg(x.dim(0)).arg(x.dim(1)).arg(indices.dim(1))
                .items(indices.size());
    }

    void argmaxRows(Tensor x, Tensor out) {
        Checks.argmaxRows(b, x, out);
        b.launch("argmax_rows").buffer(x).buffer(out).arg(x.dim(0)).arg(x.dim(1))
                .groups(x.dim(0), b.tuning().workGroup());
    }
}
