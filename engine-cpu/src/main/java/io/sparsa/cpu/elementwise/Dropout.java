package io.sparsa.cpu.elementwise;

import io.sparsa.cpu.parallel.CpuThreadPool;

/**
 * Inverted dropout with the counter-based Philox generator: element i is kept when
 * {@code uniform(seed, offset + i) >= p}; the keep scale is the float {@code 1f / (1f - p)}.
 * Counter-based draws let threads take any range and still produce the reference's mask.
 */
public final class Dropout {
    private final CpuThreadPool pool;

    public Dropout(CpuThreadPool pool) {
        this.pool = pool;
    }

    public void forward(float[] x, int n, float p, long seed, long offset, float[] y, float[] mask) {
        float keepScale = 1f / (1f - p);
        pool.forRange(n, Elementwise.GRAIN / 4, (from, to) -> {
            PhiloxStream random = new PhiloxStream(seed);
            for (int i = from; i < to; i++) {
                float m = random.uniform(offset + i) >= p ? keepScale : 0f;
                mask[i] = m;
                y[i] = x[i] * m;
            }
        });
    }
}
