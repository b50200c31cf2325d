package io.sparsa.cuda;

import io.sparsa.backend.Checks;
import io.sparsa.tensor.Tensor;

/**
 * Element-wise operations and row reductions ({@code elementwise.cl}).
 * Each operation checks its arguments with {@link Checks} first, before it queues any work.
 */
final class CuElementwiseOps {
    private final CuBackend backend;
    private final CuKernelSizes sizes;

    CuElementwiseOps(CuBackend backend, CuKernelSizes sizes) {
        this.backend = backend;
        this.sizes = sizes;
    }

    void addBias(Tensor x, Tensor bias) {
        Checks.addBias(backend, x, bias);
        int inner = x.rank() == 4 ? x.dim(2) * x.dim(3) : 1;
        backend.launch(CuKernel.ADD_BIAS).tensor(x).tensor(bias).i32(x.size()).i32(x.dim(1)).i32(inner)
                .run(x.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    void relu(Tensor x, Tensor y) {
        Checks.unary(backend, x, y);
        backend.launch(CuKernel.RELU).tensor(x).tensor(y).i32(x.size()).run(x.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    void reluBackward(Tensor dy, Tensor x, Tensor dx) {
        Checks.reluBackward(backend, dy, x, dx);
        backend.launch(CuKernel.RELU_BACKWARD).tensor(dy).tensor(x).tensor(dx).i32(dy.size())
                .run(dy.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    void mul(Tensor a, Tensor b, Tensor out) {
        Checks.mul(backend, a, b, out);
        backend.launch(CuKernel.MUL).tensor(a).tensor(b).tensor(out).i32(a.size())
                .run(a.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    void axpy(float alpha, Tensor x, Tensor y) {
        Checks.axpy(backend, alpha, x, y);
        backend.launch(CuKernel.AXPY).tensor(x).tensor(y).i32(x.size()).f32(alpha)
                .run(x.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    void scale(float alpha, Tensor x) {
        Checks.scale(backend, alpha, x);
        backend.launch(CuKernel.SCALE).tensor(x).i32(x.size()).f32(alpha).run(x.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    void clamp(Tensor x, float lo, float hi) {
        Checks.clamp(backend, x, lo, hi);
        backend.launch(CuKernel.CLAMP_VALUES).tensor(x).i32(x.size()).f32(lo).f32(hi).run(x.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    void greaterEqual(Tensor x, float threshold, Tensor out) {
        Checks.unary(backend, x, out);
        backend.launch(CuKernel.GREATER_EQUAL).tensor(x).tensor(out).i32(x.size()).f32(threshold)
                .run(x.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    void sumRows(Tensor x, Tensor out) {
        Checks.sumRows(backend, x, out);
        backend.launch(CuKernel.SUM_ROWS).tensor(x).tensor(out).i32(x.dim(0)).i32(x.dim(1))
                .run(x.dim(1), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    void gatherRows(Tensor x, Tensor indices, Tensor out) {
        Checks.gatherRows(backend, x, indices, out);
        backend.launch(CuKernel.GATHER_ROWS).tensor(x).tensor(indices).tensor(out).i32(x.dim(0)).i32(x.dim(1))
                .i32(indices.dim(1)).run(indices.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    void argmaxRows(Tensor x, Tensor out) {
        Checks.argmaxRows(backend, x, out);
        backend.launch(CuKernel.ARGMAX_ROWS).tensor(x).tensor(out).i32(x.dim(0)).i32(x.dim(1))
                .run((long) sizes.wg() * x.dim(0), sizes.wg());
    }
}
