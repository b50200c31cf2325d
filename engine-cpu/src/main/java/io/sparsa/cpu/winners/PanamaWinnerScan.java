package io.sparsa.cpu.winners;

import io.sparsa.cpu.vector.SortKeys;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link WinnerScan} on the JDK Vector API, one mask word per vector. Only
 * {@link WinnerScan#matching} names this class, reflectively, and only after the vector kernels
 * have loaded, so the engine still runs on a JVM without {@code --add-modules jdk.incubator.vector}.
 *
 * <p>What keeps these loops fast on JDK 17's C2 (each measured, several times over): every pass
 * has one body with a boost load and one without (a per-iteration choice would defeat register
 * allocation); vectors never cross a method call (they would be boxed); no loop-carried vector
 * starts from a static constant; counts come from int masks turned into vectors, not from mask
 * reductions or float blends; the winners' positions are listed from stored masks in a loop of
 * their own, after the output pass; and the band's few positions are listed inside it without a
 * branch (one taken now and then is mispredicted each time).
 */
final class PanamaWinnerScan implements WinnerScan {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final int L = F.length();
    /** Lanes listed per table lookup: 8 (a 256-row table), or 4 on 128-bit machines. */
    private static final int GROUP = Math.min(L, 8);
    private static final VectorSpecies<Integer> GROUP_SPECIES =
            VectorSpecies.of(int.class, VectorShape.forBitSize(GROUP * Integer.SIZE));
    /** Row b ({@link #GROUP} ints) lists the positions of the set bits of b, ascending, then zeros. */
    private static final int[] SET_BITS = setBitTable();
    /**
     * Lane j holds the float whose bit pattern is {@code 1 << j} (a subnormal): blended under a
     * mask, seen as ints and OR-reduced it gives the mask as bits. A float blend moves bits
     * without arithmetic, and it spares converting the float mask to an int one.
     */
    private static final FloatVector LANE_BITS = FloatVector.fromArray(F, laneBitFloats(1), 0);
    /**
     * As {@link #LANE_BITS}, with bit {@code 16 + j} set too: blended over LANE_BITS under a second
     * mask that implies the first, one OR-reduction gives both masks.
     */
    private static final FloatVector LANE_BITS_TWICE = FloatVector.fromArray(F, laneBitFloats(1 | 1 << 16), 0);
    private static final FloatVector ZERO = FloatVector.zero(F);

    /** @throws IllegalStateException outside 4..16 float lanes (a mask word holds 16 lanes) */
    PanamaWinnerScan() {
        if (L < 4 || L > 16) {
            throw new IllegalStateException("the preferred vector species " + F + " has " + L
                    + " float lanes; the k-winners scan supports 4 to 16");
        }
    }

    private static int[] setBitTable() {
        int[] table = new int[(1 << GROUP) * GROUP];
        for (int b = 0; b < 1 << GROUP; b++) {
            int w = 0;
            for (int j = 0; j < GROUP; j++) {
                if ((b & (1 << j)) != 0) {
                    table[b * GROUP + w++] = j;
                }
            }
        }
        return table;
    }

    /** Lane j holds the float with bit pattern {@code pattern << j}. */
    private static float[] laneBitFloats(int pattern) {
        float[] bits = new float[L];
        for (int j = 0; j < L; j++) {
            bits[j] = Float.intBitsToFloat(pattern << j);
        }
        return bits;
    }

    @Override
    public int maskWidth() {
        return L;
    }

    // ---- counting pass ---------------------------------------------------------------------------

    /**
     * Scores become sort keys ({@link SortKeys}) compared as ints; each comparison's mask, as a
     * vector of 0 or -1 per lane, is subtracted from a per-lane count.
     */
    @Override
    public void count(float[] x, int xOff, int n, float[] boost, float[] t, int[] counts) {
        IntVector t0 = IntVector.broadcast(I, SortKeys.of(t[0]));
        IntVector t1 = IntVector.broadcast(I, SortKeys.of(t[1]));
        IntVector t2 = IntVector.broadcast(I, SortKeys.of(t[2]));
        IntVector t3 = IntVector.broadcast(I, SortKeys.of(t[3]));
        IntVector t4 = IntVector.broadcast(I, SortKeys.of(t[4]));
        IntVector t5 = IntVector.broadcast(I, SortKeys.of(t[5]));
        IntVector t6 = IntVector.broadcast(I, SortKeys.of(t[6]));
        IntVector c0 = IntVector.zero(I);
        IntVector c1 = c0;
        IntVector c2 = c0;
        IntVector c3 = c0;
        IntVector c4 = c0;
        IntVector c5 = c0;
        IntVector c6 = c0;
        int i = 0;
        if (boost == null) {
            for (; i + L <= n; i += L) {
                IntVector bits = FloatVector.fromArray(F, x, xOff + i).add(0f).reinterpretAsInts();
                IntVector k = bits.lanewise(VectorOperators.XOR,
                        bits.lanewise(VectorOperators.ASHR, 31).and(0x7FFFFFFF));
                c0 = c0.sub(k.compare(VectorOperators.GE, t0).toVector());
                c1 = c1.sub(k.compare(VectorOperators.GE, t1).toVector());
                c2 = c2.sub(k.compare(VectorOperators.GE, t2).toVector());
                c3 = c3.sub(k.compare(VectorOperators.GE, t3).toVector());
                c4 = c4.sub(k.compare(VectorOperators.GE, t4).toVector());
                c5 = c5.sub(k.compare(VectorOperators.GE, t5).toVector());
                c6 = c6.sub(k.compare(VectorOperators.GE, t6).toVector());
            }
        } else {
            for (; i + L <= n; i += L) {
                FloatVector s = FloatVector.fromArray(F, x, xOff + i).mul(FloatVector.fromArray(F, boost, i));
                IntVector bits = s.add(0f).reinterpretAsInts();
                IntVector k = bits.lanewise(VectorOperators.XOR,
                        bits.lanewise(VectorOperators.ASHR, 31).and(0x7FFFFFFF));
                c0 = c0.sub(k.compare(VectorOperators.GE, t0).toVector());
                c1 = c1.sub(k.compare(VectorOperators.GE, t1).toVector());
                c2 = c2.sub(k.compare(VectorOperators.GE, t2).toVector());
                c3 = c3.sub(k.compare(VectorOperators.GE, t3).toVector());
                c4 = c4.sub(k.compare(VectorOperators.GE, t4).toVector());
                c5 = c5.sub(k.compare(VectorOperators.GE, t5).toVector());
                c6 = c6.sub(k.compare(VectorOperators.GE, t6).toVector());
            }
        }
        counts[0] = c0.reduceLanes(VectorOperators.ADD);
        counts[1] = c1.reduceLanes(VectorOperators.ADD);
        counts[2] = c2.reduceLanes(VectorOperators.ADD);
        counts[3] = c3.reduceLanes(VectorOperators.ADD);
        counts[4] = c4.reduceLanes(VectorOperators.ADD);
        counts[5] = c5.reduceLanes(VectorOperators.ADD);
        counts[6] = c6.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float s = boost == null ? x[xOff + i] : x[xOff + i] * boost[i];
            for (int j = 0; j < THRESHOLDS; j++) {
                counts[j] += s >= t[j] ? 1 : 0;
            }
        }
    }

    // ---- output pass -----------------------------------------------------------------------------

    @Override
    public long write(float[] x, int xOff, int n, float[] boost, float lo, float hi, float[] out, int outOff,
                      int[] masks, int[] inside) {
        FloatVector lov = FloatVector.broadcast(F, lo);
        FloatVector hiv = FloatVector.broadcast(F, hi);
        // A NaN score makes this sum NaN (so may infinities of both signs: then the scores are
        // checked one by one).
        FloatVector sum = FloatVector.zero(F);
        long kept = 0;
        int m = 0;
        int i = 0;
        int v = 0;
        if (boost == null) {
            for (; i + L <= n; i += L, v++) {
                FloatVector s = FloatVector.fromArray(F, x, xOff + i);
                sum = sum.add(s);
                VectorMask<Float> keep = s.compare(VectorOperators.GE, lov);
                ZERO.blend(s, keep).intoArray(out, outOff + i);
                // Both masks in one int: kept units in bits 0-15, those at or above hi (a subset) in 16-31.
                int bits = ZERO.blend(LANE_BITS, keep).blend(LANE_BITS_TWICE, s.compare(VectorOperators.GE, hiv))
                        .reinterpretAsInts().reduceLanes(VectorOperators.OR);
                masks[v] = bits;
                kept += Integer.bitCount(bits & 0xFFFF);
                // Listed without a branch: taken now and then, it would be mispredicted each time.
                m = listBits(bits & ~(bits >>> 16) & 0xFFFF, i, inside, m);
            }
        } else {
            for (; i + L <= n; i += L, v++) {
                FloatVector xv = FloatVector.fromArray(F, x, xOff + i);
                FloatVector s = xv.mul(FloatVector.fromArray(F, boost, i));
                sum = sum.add(s);
                VectorMask<Float> keep = s.compare(VectorOperators.GE, lov);
                ZERO.blend(xv, keep).intoArray(out, outOff + i);
                int bits = ZERO.blend(LANE_BITS, keep).blend(LANE_BITS_TWICE, s.compare(VectorOperators.GE, hiv))
                        .reinterpretAsInts().reduceLanes(VectorOperators.OR);
                masks[v] = bits;
                kept += Integer.bitCount(bits & 0xFFFF);
                // Listed without a branch: taken now and then, it would be mispredicted each time.
                m = listBits(bits & ~(bits >>> 16) & 0xFFFF, i, inside, m);
            }
        }
        if (i > 0 && Float.isNaN(sum.reduceLanes(VectorOperators.ADD)) && anyNaN(x, xOff, boost, i)) {
            return -1;
        }
        if (i < n) {
            int bits = 0;
            for (int j = 0; i + j < n; j++) {
                float s = boost == null ? x[xOff + i + j] : x[xOff + i + j] * boost[i + j];
                if (s != s) {
                    return -1;
                }
                if (s >= lo) {
                    out[outOff + i + j] = x[xOff + i + j];
                    kept++;
                    if (s >= hi) {
                        bits |= (1 | 1 << 16) << j;
                    } else {
                        bits |= 1 << j;
                        inside[m++] = i + j;
                    }
                } else {
                    out[outOff + i + j] = 0f;
                }
            }
            masks[v] = bits;
        }
        return kept << 32 | m;
    }

    private static boolean anyNaN(float[] x, int xOff, float[] boost, int to) {
        for (int i = 0; i < to; i++) {
            float s = boost == null ? x[xOff + i] : x[xOff + i] * boost[i];
            if (s != s) {
                return true;
            }
        }
        return false;
    }

    /** Appends {@code start + j} for every set bit j of {@code bits} at {@code positions[w ..]}; returns the cursor. */
    private static int listBits(int bits, int start, int[] positions, int w) {
        for (int base = 0; base < L; base += GROUP) {
            int group = (bits >>> base) & ((1 << GROUP) - 1);
            IntVector.fromArray(GROUP_SPECIES, SET_BITS, group * GROUP).add(start + base).intoArray(positions, w);
            w += Integer.bitCount(group);
        }
        return w;
    }

    // ---- listing pass ----------------------------------------------------------------------------

    /**
     * Per group of lanes a table row lists the set bits' lane numbers; the whole row is stored and
     * the cursor advances by the group's population count (the surplus is overwritten by the next
     * store). Within {@code L} of the limit the bits are listed one by one, so nothing lands past it.
     */
    @Override
    public int list(int[] masks, int words, int[] dest, int destOff, int limit) {
        int w = 0;
        for (int v = 0; v < words; v++) {
            int bits = masks[v] & 0xFFFF;
            if (w + L <= limit) {
                for (int base = 0; base < L; base += GROUP) {
                    int group = (bits >>> base) & ((1 << GROUP) - 1);
                    IntVector.fromArray(GROUP_SPECIES, SET_BITS, group * GROUP).add(v * L + base)
                            .intoArray(dest, destOff + w);
                    w += Integer.bitCount(group);
                }
            } else {
                for (; bits != 0; bits &= bits - 1) {
                    if (w < limit) {
                        dest[destOff + w] = v * L + Integer.numberOfTrailingZeros(bits);
                    }
                    w++;
                }
            }
        }
        return w;
    }
}
