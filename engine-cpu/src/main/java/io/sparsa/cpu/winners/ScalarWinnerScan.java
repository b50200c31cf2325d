package io.sparsa.cpu.winners;

import java.util.Arrays;

/** The plain-Java {@link WinnerScan}: the reference the vector scan is tested against. */
final class ScalarWinnerScan implements WinnerScan {
    /** Mask width of this implementation; any value up to 16 would do. */
    private static final int W = 8;

    @Override
    public int maskWidth() {
        return W;
    }

    @Override
    public void count(float[] x, int xOff, int n, float[] boost, float[] thresholds, int[] counts) {
        Arrays.fill(counts, 0, THRESHOLDS, 0);
        for (int i = 0; i < n; i++) {
            float s = score(x, xOff, boost, i);
            for (int j = 0; j < THRESHOLDS; j++) {
                counts[j] += s >= thresholds[j] ? 1 : 0;
            }
        }
    }

    @Override
    public long write(float[] x, int xOff, int n, float[] boost, float lo, float hi, float[] out, int outOff,
                      int[] masks, int[] insideList) {
        long kept = 0;
        int inside = 0;
        Arrays.fill(masks, 0, (n + W - 1) / W, 0);
        for (int i = 0; i < n; i++) {
            float s = score(x, xOff, boost, i);
            if (s != s) {
                return -1;
            }
            if (s >= lo) {
                out[outOff + i] = x[xOff + i];
                kept++;
                masks[i / W] |= 1 << (i % W);
                if (s >= hi) {
                    masks[i / W] |= 1 << (16 + i % W);
                } else {
                    insideList[inside++] = i;
                }
            } else {
                out[outOff + i] = 0f;
            }
        }
        return kept << 32 | inside;
    }

    @Override
    public int list(int[] masks, int words, int[] dest, int destOff, int limit) {
        int w = 0;
        for (int v = 0; v < words; v++) {
            for (int j = 0; j < W; j++) {
                if ((masks[v] & 1 << j) != 0) {
                    if (w < limit) {
                        dest[destOff + w] = v * W + j;
                    }
                    w++;
                }
            }
        }
        return w;
    }

    /** The boosted score of unit i, the float32 product the reference computes. */
    static float score(float[] x, int xOff, float[] boost, int i) {
        return boost == null ? x[xOff + i] : x[xOff + i] * boost[i];
    }
}
