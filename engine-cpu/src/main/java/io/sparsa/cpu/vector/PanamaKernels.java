package io.sparsa.cpu.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.util.Objects;

/**
 * The kernels on the JDK Vector API ({@code jdk.incubator.vector}). Only {@link CpuKernelsProvider}
 * names this class, reflectively, after checking that the module is readable: no other class may
 * refer to it, so the engine still loads on a JVM started without {@code --add-modules}.
 *
 * <p>The species is the machine's preferred one, fixed in static finals so that C2 compiles every
 * vector operation to SIMD instructions. Loops follow one pattern: several independent
 * accumulators over whole vectors, then one vector at a time, then a scalar tail.
 */
final class PanamaKernels implements CpuKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final int L = F.length();
    /**
     * GEMM register tile: 5 rows x 2 vectors = 10 accumulators and 2 B vectors, which leaves C2
     * room for the broadcasts it hoists. The classic 6 x 16 tile ran as fast on JDK 17, but on
     * JDK 25 C2 spilled one of its 12 accumulators to the stack in the k loop and ran at half speed.
     */
    private static final int MR = 5;
    private static final int NR = 2 * L;
    /** Lanes compacted per table lookup: 8 (a 256-entry table), or 4 on 128-bit machines. */
    private static final int GROUP = Math.min(L, 8);
    private static final VectorSpecies<Integer> GROUP_SPECIES =
            VectorSpecies.of(int.class, VectorShape.forBitSize(GROUP * Integer.SIZE));
    /** Row b ({@link #GROUP} ints) lists the positions of the set bits of b, ascending, then zeros. */
    private static final int[] SET_BITS = setBitTable();
    /** Lane j holds {@code 1 << j}: blended under a mask and OR-reduced, it gives the mask's bits. */
    private static final IntVector LANE_BITS = IntVector.fromArray(I, laneBitArray(), 0);

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

    private static int[] laneBitArray() {
        int[] bits = new int[L];
        for (int j = 0; j < L; j++) {
            bits[j] = 1 << j;
        }
        return bits;
    }

    /** @throws IllegalStateException outside 4..16 float lanes (too narrow to pay; lane masks are kept in an int) */
    PanamaKernels() {
        if (L < 4 || L > 16) {
            throw new IllegalStateException("the preferred vector species " + F + " has " + L
                    + " float lanes; the vector kernels support 4 to 16");
        }
    }

    @Override
    public String description() {
        return "Panama FloatVector " + F.vectorBitSize() + "-bit (" + L + " lanes)";
    }

    @Override
    public int lanes() {
        return L;
    }

    @Override
    public boolean vectorized() {
        return true;
    }

    @Override
    public int gemmTileRows() {
        return MR;
    }

    @Override
    public int gemmTileCols() {
        return NR;
    }

    @Override
    public void gemmTile(int kc, float[] a, int aOff, float[] b, int bOff, float beta, float[] c, int cOff, int ldc) {
        // Two copies of the tile, one per way of storing C. With both store paths in one method
        // C2 hit its node limit (NodeCountInliningCutoff), left store helpers out of line and then
        // boxed the accumulators inside the k loop, which halved the speed.
        if (beta == 0f) {
            tileStore(kc, a, aOff, b, bOff, c, cOff, ldc);
        } else {
            tileScaleAdd(kc, a, aOff, b, bOff, beta, c, cOff, ldc);
        }
    }

    /*
     * The k loop of both tiles counts with the B index itself: C2 removes a bounds check from a
     * loop only when the index is the counter times a power of two (or a multiply it keeps as
     * one), and p * MR becomes shifts and adds. Counting by p kept a check on every A load in the
     * loop; counting by bp keeps only the one (merged) check of the A loads, which measured a few
     * per cent faster than counting by ap. Both ranges are also checked up front, to fail fast.
     * Unrolling k by two by hand made C2 spill accumulators to the stack; it is left to the JIT.
     */

    /** The tile with C overwritten: {@code C = A * B}, C never read. */
    private static void tileStore(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc) {
        Objects.checkFromIndexSize(aOff, kc * MR, a.length);
        Objects.checkFromIndexSize(bOff, kc * NR, b.length);
        FloatVector c00 = FloatVector.zero(F);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        int ap = aOff;
        for (int bp = bOff, end = bOff + kc * NR; bp < end; bp += NR, ap += MR) {
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + L);
            FloatVector av = FloatVector.broadcast(F, a[ap]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(F, a[ap + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(F, a[ap + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(F, a[ap + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(F, a[ap + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
        }
        int r = cOff;
        c00.intoArray(c, r);
        c01.intoArray(c, r + L);
        r += ldc;
        c10.intoArray(c, r);
        c11.intoArray(c, r + L);
        r += ldc;
        c20.intoArray(c, r);
        c21.intoArray(c, r + L);
        r += ldc;
        c30.intoArray(c, r);
        c31.intoArray(c, r + L);
        r += ldc;
        c40.intoArray(c, r);
        c41.intoArray(c, r + L);
    }

    /** The tile added to scaled C: {@code C = beta * C + A * B} in one rounding (exactly C + A * B for beta 1). */
    private static void tileScaleAdd(int kc, float[] a, int aOff, float[] b, int bOff, float beta, float[] c, int cOff,
                                     int ldc) {
        Objects.checkFromIndexSize(aOff, kc * MR, a.length);
        Objects.checkFromIndexSize(bOff, kc * NR, b.length);
        FloatVector c00 = FloatVector.zero(F);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        int ap = aOff;
        for (int bp = bOff, end = bOff + kc * NR; bp < end; bp += NR, ap += MR) {
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + L);
            FloatVector av = FloatVector.broadcast(F, a[ap]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(F, a[ap + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(F, a[ap + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(F, a[ap + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(F, a[ap + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
        }
        FloatVector scale = FloatVector.broadcast(F, beta);
        int r = cOff;
        scaleAdd(c, r, scale, c00, c01);
        r += ldc;
        scaleAdd(c, r, scale, c10, c11);
        r += ldc;
        scaleAdd(c, r, scale, c20, c21);
        r += ldc;
        scaleAdd(c, r, scale, c30, c31);
        r += ldc;
        scaleAdd(c, r, scale, c40, c41);
    }

    private static void scaleAdd(float[] c, int off, FloatVector scale, FloatVector v0, FloatVector v1) {
        FloatVector.fromArray(F, c, off).fma(scale, v0).intoArray(c, off);
        FloatVector.fromArray(F, c, off + L).fma(scale, v1).intoArray(c, off + L);
    }

    @Override
    public void packSlivers(float[] src, int srcOff, int ld, int rows, int slivers, float[] dst, int dstOff,
                            int sliverStride) {
        for (int p = 0; p < rows; p++) {
            int from = srcOff + p * ld;
            int to = dstOff + p * NR;
            for (int s = 0; s < slivers; s++, from += NR, to += sliverStride) {
                FloatVector.fromArray(F, src, from).intoArray(dst, to);
                FloatVector.fromArray(F, src, from + L).intoArray(dst, to + L);
            }
        }
    }

    @Override
    public void packSliversTransposed(float[] src, int srcOff, int ld, int depth, int slivers, float[] dst, int dstOff,
                                      int sliverStride) {
        // One source row at a time, written down its column of the sliver: measured 3x faster than
        // walking p outside and the NR rows inside (with NR a constant, p * NR keeps the stores
        // free of bounds checks in this loop).
        for (int s = 0; s < slivers; s++) {
            int to = dstOff + s * sliverStride;
            for (int j = 0; j < NR; j++) {
                int row = srcOff + (s * NR + j) * ld;
                for (int p = 0; p < depth; p++) {
                    dst[to + p * NR + j] = src[row + p];
                }
            }
        }
    }

    @Override
    public void packRowSlivers(float scale, float[] src, int srcOff, int ld, int depth, int slivers, float[] dst,
                               int dstOff, int sliverStride) {
        // As packSliversTransposed, with MR a constant so that p * MR keeps the stores unchecked.
        for (int s = 0; s < slivers; s++) {
            int to = dstOff + s * sliverStride;
            for (int r = 0; r < MR; r++) {
                int row = srcOff + (s * MR + r) * ld;
                for (int p = 0; p < depth; p++) {
                    dst[to + p * MR + r] = scale * src[row + p];
                }
            }
        }
    }

    @Override
    public void sparseRowTimesDense(float[] values, int[] index, int from, int to, float[] x, int xOff, int ldx,
                                    int width, float init, float[] y, int yOff) {
        int p = 0;
        // Four vectors of the row stay in registers while all the row's entries stream past; two
        // entries go into separate accumulators, so eight FMA chains hide the FMA latency.
        for (; p + 4 * L <= width; p += 4 * L) {
            FloatVector s0 = FloatVector.broadcast(F, init);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            FloatVector zero = FloatVector.zero(F);
            FloatVector t0 = zero;
            FloatVector t1 = zero;
            FloatVector t2 = zero;
            FloatVector t3 = zero;
            int e = from;
            for (; e + 1 < to; e += 2) {
                FloatVector v = FloatVector.broadcast(F, values[e]);
                FloatVector u = FloatVector.broadcast(F, values[e + 1]);
                int base = xOff + index[e] * ldx + p;
                int next = xOff + index[e + 1] * ldx + p;
                s0 = FloatVector.fromArray(F, x, base).fma(v, s0);
                s1 = FloatVector.fromArray(F, x, base + L).fma(v, s1);
                s2 = FloatVector.fromArray(F, x, base + 2 * L).fma(v, s2);
                s3 = FloatVector.fromArray(F, x, base + 3 * L).fma(v, s3);
                t0 = FloatVector.fromArray(F, x, next).fma(u, t0);
                t1 = FloatVector.fromArray(F, x, next + L).fma(u, t1);
                t2 = FloatVector.fromArray(F, x, next + 2 * L).fma(u, t2);
                t3 = FloatVector.fromArray(F, x, next + 3 * L).fma(u, t3);
            }
            if (e < to) {
                FloatVector v = FloatVector.broadcast(F, values[e]);
                int base = xOff + index[e] * ldx + p;
                s0 = FloatVector.fromArray(F, x, base).fma(v, s0);
                s1 = FloatVector.fromArray(F, x, base + L).fma(v, s1);
                s2 = FloatVector.fromArray(F, x, base + 2 * L).fma(v, s2);
                s3 = FloatVector.fromArray(F, x, base + 3 * L).fma(v, s3);
            }
            s0.add(t0).intoArray(y, yOff + p);
            s1.add(t1).intoArray(y, yOff + p + L);
            s2.add(t2).intoArray(y, yOff + p + 2 * L);
            s3.add(t3).intoArray(y, yOff + p + 3 * L);
        }
        for (; p + L <= width; p += L) {
            FloatVector s = FloatVector.broadcast(F, init);
            for (int e = from; e < to; e++) {
                s = FloatVector.fromArray(F, x, xOff + index[e] * ldx + p).fma(FloatVector.broadcast(F, values[e]), s);
            }
            s.intoArray(y, yOff + p);
        }
        if (p < width) {
            // Scalar tail: fewer than one vector of columns left.
            for (int q = p; q < width; q++) {
                y[yOff + q] = init;
            }
            for (int e = from; e < to; e++) {
                float v = values[e];
                int base = xOff + index[e] * ldx;
                for (int q = p; q < width; q++) {
                    y[yOff + q] += v * x[base + q];
                }
            }
        }
    }

    @Override
    public void sparseRowDots(int[] index, int from, int to, float[] x, int xOff, int ldx, int width, float[] row,
                              int rowOff, float[] out, int outOff) {
        int e = from;
        // Four entries at a time, so every load of the dense row feeds four FMAs.
        for (; e + 4 <= to; e += 4) {
            int x0 = xOff + index[e] * ldx;
            int x1 = xOff + index[e + 1] * ldx;
            int x2 = xOff + index[e + 2] * ldx;
            int x3 = xOff + index[e + 3] * ldx;
            FloatVector a0 = FloatVector.zero(F);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            int p = 0;
            for (; p + L <= width; p += L) {
                FloatVector r = FloatVector.fromArray(F, row, rowOff + p);
                a0 = FloatVector.fromArray(F, x, x0 + p).fma(r, a0);
                a1 = FloatVector.fromArray(F, x, x1 + p).fma(r, a1);
                a2 = FloatVector.fromArray(F, x, x2 + p).fma(r, a2);
                a3 = FloatVector.fromArray(F, x, x3 + p).fma(r, a3);
            }
            float s0 = a0.reduceLanes(VectorOperators.ADD);
            float s1 = a1.reduceLanes(VectorOperators.ADD);
            float s2 = a2.reduceLanes(VectorOperators.ADD);
            float s3 = a3.reduceLanes(VectorOperators.ADD);
            for (; p < width; p++) {
                float r = row[rowOff + p];
                s0 += r * x[x0 + p];
                s1 += r * x[x1 + p];
                s2 += r * x[x2 + p];
                s3 += r * x[x3 + p];
            }
            int o = outOff + e - from;
            out[o] += s0;
            out[o + 1] += s1;
            out[o + 2] += s2;
            out[o + 3] += s3;
        }
        for (; e < to; e++) {
            out[outOff + e - from] += dot(row, rowOff, x, xOff + index[e] * ldx, width);
        }
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        int i = 0;
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        for (; i + 4 * L <= n; i += 4 * L) {
            s0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), s0);
            s1 = FloatVector.fromArray(F, a, aOff + i + L).fma(FloatVector.fromArray(F, b, bOff + i + L), s1);
            s2 = FloatVector.fromArray(F, a, aOff + i + 2 * L).fma(FloatVector.fromArray(F, b, bOff + i + 2 * L), s2);
            s3 = FloatVector.fromArray(F, a, aOff + i + 3 * L).fma(FloatVector.fromArray(F, b, bOff + i + 3 * L), s3);
        }
        for (; i + L <= n; i += L) {
            s0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), s0);
        }
        float sum = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += a[aOff + i] * b[bOff + i];
        }
        return sum;
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        FloatVector av = FloatVector.broadcast(F, alpha);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(F, x, xOff + i).fma(av, FloatVector.fromArray(F, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void add(float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(F, y, yOff + i).add(FloatVector.fromArray(F, x, xOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] += x[xOff + i];
        }
    }

    @Override
    public long partitionKeys(int[] keys, int keyOff, int n, int lo, int hi, int[] positions) {
        IntVector loV = IntVector.broadcast(I, lo);
        IntVector hiV = IntVector.broadcast(I, hi);
        long above = 0;
        int count = 0;
        int i = 0;
        for (; i + L <= n; i += L) {
            IntVector k = IntVector.fromArray(I, keys, keyOff + i);
            VectorMask<Integer> gt = k.compare(VectorOperators.GT, hiV);
            above += gt.trueCount();
            VectorMask<Integer> inside = k.compare(VectorOperators.GE, loV).andNot(gt);
            if (inside.anyTrue()) {
                count = compactPositions(laneBits(inside), i, positions, count);
            }
        }
        for (; i < n; i++) {
            int key = keys[keyOff + i];
            if (key > hi) {
                above++;
            } else if (key >= lo) {
                positions[count++] = i;
            }
        }
        return above << 32 | count;
    }

    /**
     * Appends {@code start + j} for every set bit j of {@code bits} at {@code positions[w ..]},
     * without branches: for each group of lanes a table row lists the set bits' lane numbers; the
     * whole row is stored and the cursor advances by the group's population count (the surplus is
     * overwritten by the next store, or lies in the buffer's slack).
     *
     * @return the new cursor
     */
    private static int compactPositions(int bits, int start, int[] positions, int w) {
        for (int base = 0; base < L; base += GROUP) {
            int group = (bits >>> base) & ((1 << GROUP) - 1);
            IntVector.fromArray(GROUP_SPECIES, SET_BITS, group * GROUP).add(start + base).intoArray(positions, w);
            w += Integer.bitCount(group);
        }
        return w;
    }

    /**
     * The mask as an int, bit j for lane j. {@code VectorMask.toLong()} would say the same, but
     * JDK 17 does not compile it to SIMD code and it runs about twenty times slower than this
     * blend and OR-reduction.
     */
    private static int laneBits(VectorMask<Integer> m) {
        return IntVector.zero(I).blend(LANE_BITS, m).reduceLanes(VectorOperators.OR);
    }
}
