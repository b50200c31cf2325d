package io.sparsa.cpu.winners;

import io.sparsa.cpu.parallel.CpuThreadPool;

/** Duty-cycle moving averages and the boost factors derived from them. */
public final class DutyCycles {
    private final CpuThreadPool pool;

    public DutyCycles(CpuThreadPool pool) {
        this.pool = pool;
    }

    /**
     * {@code duty[u] = (duty[u] * (period - batch) + active[u] / groupSize) / period}, where
     * {@code active[u]} counts the positive outputs of group u over the batch; same arithmetic
     * (double, rounded once) as the reference.
     */
    public void update(float[] out, int batch, int n, float[] duty, int period) {
        int groups = duty.length;
        int groupSize = n / groups;
        pool.forRange(groups, Math.max(1, (1 << 14) / Math.max(1, batch * groupSize)), (u0, u1) -> {
            for (int u = u0; u < u1; u++) {
                long active = 0;
                for (int b = 0; b < batch; b++) {
                    int from = b * n + u * groupSize;
                    for (int i = from; i < from + groupSize; i++) {
                        active += out[i] > 0 ? 1 : 0;
                    }
                }
                double activeCount = (double) active / groupSize;
                duty[u] = (float) ((duty[u] * (double) (period - batch) + activeCount) / period);
            }
        });
    }

    /** {@code boost[u] = exp((targetDensity - duty[u]) * boostStrength)}. */
    public static void boostFactors(float[] duty, float targetDensity, float boostStrength, float[] boost) {
        for (int u = 0; u < duty.length; u++) {
            boost[u] = (float) Math.exp(((double) targetDensity - duty[u]) * boostStrength);
        }
    }
}
