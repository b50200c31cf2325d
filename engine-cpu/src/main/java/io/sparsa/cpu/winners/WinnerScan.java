package io.sparsa.cpu.winners;

import io.sparsa.cpu.vector.CpuKernels;

import java.lang.reflect.InvocationTargetException;

/**
 * The passes of k-winners over one row of boosted scores {@code s[i] = x[i] * boost[i]} (boost
 * null: {@code s = x}): a counting pass that tells how many scores reach each of
 * {@link #THRESHOLDS} trial thresholds, an output pass that keeps every unit at or above a band's
 * lower edge and records, as bit masks, which units were kept and which lie above the band, and
 * a listing pass that turns the masks into ascending positions. Scores are compared as floats
 * ({@code >=}, so {@code -0.0} ties {@code 0.0}) and never stored.
 *
 * <p>Mask word {@code v} covers units {@code v * W .. v * W + W - 1} ({@code W =}
 * {@link #maskWidth()}, at most 16): bit {@code j} says unit {@code v * W + j} was kept, bit
 * {@code 16 + j} that its score also reached the band's upper edge.
 *
 * <p>Two implementations compute exactly the same thing: {@link ScalarWinnerScan} and one on the
 * Vector API, loaded by name (see {@link #matching}) so that a JVM without
 * {@code jdk.incubator.vector} never loads it.
 */
interface WinnerScan {
    /** Trial thresholds per counting pass: enough to cut the uncertain band into narrow slices. */
    int THRESHOLDS = 7;

    /** Room past the last listed position that the vector code may overwrite. */
    int SLACK = 16;

    /** Units per mask word (at most 16). */
    int maskWidth();

    /**
     * {@code counts[j] = #{i : s[i] >= thresholds[j]}} for {@code j < THRESHOLDS}; the thresholds
     * are numbers (infinities allowed, NaN not). The counts are meaningless when some score is
     * NaN: that is for the output pass, which every row goes through, to detect.
     */
    void count(float[] x, int xOff, int n, float[] boost, float[] thresholds, int[] counts);

    /**
     * The output pass over a band {@code [lo, hi)}: units with {@code s >= lo} are kept
     * ({@code out = x}), the rest get 0; {@code masks[0 .. ceil(n / W))} record the kept units and
     * those with {@code s >= hi} (see the class comment), and {@code inside} lists, ascending, the
     * kept units with {@code !(s >= hi)}. A NaN {@code hi} puts every kept unit inside the band.
     * Needs {@code hi >= lo} (or a NaN {@code hi}).
     *
     * @param inside room for the units inside the band plus {@link #SLACK}
     *
     * @return {@code (kept << 32) | insideBand} (kept units with {@code !(s >= hi)}), or -1 when
     *         some score is NaN (the outputs are then incomplete)
     */
    long write(float[] x, int xOff, int n, float[] boost, float lo, float hi, float[] out, int outOff,
               int[] masks, int[] inside);

    /**
     * Lists the positions of the kept bits of {@code masks[0 .. words)}, ascending, at
     * {@code dest[destOff ..]}; at most {@code limit} are stored and nothing is written outside
     * {@code dest[destOff .. destOff + limit)}.
     *
     * @return how many kept bits there were (also those past {@code limit})
     */
    int list(int[] masks, int words, int[] dest, int destOff, int limit);

    /** The Vector API implementation when {@code kernels} is vectorised (it then loads), else the scalar one. */
    static WinnerScan matching(CpuKernels kernels) {
        if (!kernels.vectorized()) {
            return new ScalarWinnerScan();
        }
        try {
            return (WinnerScan) Class.forName("io.sparsa.cpu.winners.PanamaWinnerScan").getDeclaredConstructor()
                    .newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the vector k-winners scan could not start: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("the vector k-winners scan could not be loaded although the vector "
                    + "kernels were: " + e, e);
        }
    }
}
