package io.sparsa.cpu.sparse;

/** {@link WideRowProduct} in plain Java, for JVMs without the Vector API: one sample at a time. */
final class ScalarWideRowProduct implements WideRowProduct {
    @Override
    public int run() {
        return 1;
    }

    @Override
    public void rowTimesSlab(float[] values, int[] index, int from, int to, float[] x, int xOff, int ldx, int width,
                             float init, float[] y, int yOff) {
        for (int q = 0; q < width; q++) {
            y[yOff + q] = init;
        }
        for (int e = from; e < to; e++) {
            float v = values[e];
            int base = xOff + index[e] * ldx;
            for (int q = 0; q < width; q++) {
                y[yOff + q] += v * x[base + q];
            }
        }
    }
}
