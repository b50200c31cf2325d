package io.sparsa.opencl;

import io.sparsa.backend.Checks;
import io.sparsa.tensor.Tensor;

/** The SGD update ({@code sgd.cl}). */
final class ClOptimizerOps {
    private final ClBackend b;

    ClOptimizerOps(ClBackend b) {
        this.b = b;
    }

    void sgdStep(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, float weightDecay,
                 Tensor keepMask) {
        Checks.sgdStep(b, param, grad, velocity, lr, momentum, weightDecay, keepMask);
        boolean useMomentum = momentum != 0;
        b.launch("sgd_step").buffer(param).buffer(grad).optional(useMomentum ? velocity : null).optional(keepMask)
                .arg(param.size()).arg(useMomentum).arg(keepMask != null).arg(lr).arg(momentum).arg(weightDecay)
                .items(param.size());
    }
}
