package io.sparsa.cpu.elementwise;

import io.sparsa.cpu.parallel.CpuThreadPool;

/** The SGD step, in the reference's arithmetic (double per element, float storage), so it is bit-exact. */
public final class Sgd {
    private final CpuThreadPool pool;

    public Sgd(CpuThreadPool pool) {
        this.pool = pool;
    }

    /** velocity may be null when momentum is 0 (and is then left untouched); keepMask may be null. */
    public void step(float[] param, float[] grad, float[] velocity, int n, float lr, float momentum, float weightDecay,
                     float[] keepMask) {
        pool.forRange(n, Elementwise.GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                double g = grad[i] + (double) weightDecay * param[i];
                if (momentum != 0) {
                    velocity[i] = (float) (momentum * (double) velocity[i] + g);
                    g = velocity[i];
                }
                float updated = (float) (param[i] - lr * g);
                param[i] = keepMask == null ? updated : updated * keepMask[i];
            }
        });
    }
}
