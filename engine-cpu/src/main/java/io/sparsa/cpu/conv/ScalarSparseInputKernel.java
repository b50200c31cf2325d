package io.sparsa.cpu.conv;

/** {@link SparseInputKernel} in plain Java: the fallback without the Vector API, and its test twin. */
final class ScalarSparseInputKernel implements SparseInputKernel {
    @Override
    public int lanes() {
        return 1;
    }

    @Override
    public void scatter(float[] x, int xOff, SparseInputTaps t, float[] wt, float[] acc) {
        int cp = t.paddedOut();
        int plane = t.h() * t.w();
        for (int c = 0; c < t.inChannels(); c++) {
            int base = xOff + c * plane;
            int wChannel = c * t.channelStride();
            for (int r = 0; r < plane; r++) {
                float v = x[base + r];
                if (v != 0f) {
                    add(v, t, t.rowOfPixel()[r], t.colOfPixel()[r], wt, wChannel, acc, cp);
                }
            }
        }
    }

    private static void add(float v, SparseInputTaps t, int ih, int iw, float[] wt, int wChannel, float[] acc,
                            int cp) {
        int[] rowWeight = t.rowWeight();
        int[] rowOutput = t.rowOutput();
        int[] colWeight = t.colWeight();
        int[] colOutput = t.colOutput();
        int colFrom = t.colFrom()[iw];
        int colTo = t.colFrom()[iw + 1];
        if (colTo == colFrom) {
            return;
        }
        for (int a = t.rowFrom()[ih]; a < t.rowFrom()[ih + 1]; a++) {
            int wRow = wChannel + rowWeight[a];
            int sRow = rowOutput[a];
            if (t.contiguousColumns()) {
                // One run over all column pairs (see SparseInputTaps).
                int wo = wRow + colWeight[colTo - 1];
                int so = sRow + colOutput[colTo - 1];
                int run = (colTo - colFrom) * cp;
                for (int o = 0; o < run; o++) {
                    acc[so + o] += v * wt[wo + o];
                }
                continue;
            }
            for (int b = colFrom; b < colTo; b++) {
                int wo = wRow + colWeight[b];
                int so = sRow + colOutput[b];
                for (int o = 0; o < cp; o++) {
                    acc[so + o] += v * wt[wo + o];
                }
            }
        }
    }
}
