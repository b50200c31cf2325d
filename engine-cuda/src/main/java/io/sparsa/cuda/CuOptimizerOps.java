package io.sparsa.cuda;

import io.sparsa.backend.Checks;
import io.sparsa.tensor.Tensor;

/**
 * The SGD step ({@code sgd.cl}).
 * Each operation checks its arguments with {@link Checks} first, before it queues any work.
 */
final class CuOptimizerOps {
    private final CuBackend backend;
    private final CuKernelSizes sizes;

    CuOptimizerOps(CuBackend backend, CuKernelSizes sizes) {
        this.backend = backend;
        this.sizes = sizes;
    }

    void sgdStep(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, float weightDecay,
                        Tensor keepMask) {
        Checks.sgdStep(backend, param, grad, velocity, lr, momentum, weightDecay, keepMask);
        boolean useMomentum = momentum != 0;
        backend.launch(CuKernel.SGD_STEP).tensor(param).tensor(grad).optional(useMomentum ? velocity : null)
                .optional(keepMask).i32(param.size()).flag(useMomentum).flag(keepMask != null).f32(lr).f32(momentum)
                .f32(weightDecay).run(param.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }
}
