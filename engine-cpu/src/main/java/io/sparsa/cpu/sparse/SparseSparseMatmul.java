package io.sparsa.cpu.sparse;

import io.sparsa.cpu.parallel.CpuThreadPool;

import java.util.Arrays;

/**
 * k-sparse activations times transposed sparse weights: each active input adds its weight row
 * (the outputs it feeds) into the output of every sample in which it is active, so the work is
 * the number of active inputs times their fan-out, independent of the dense width.
 *
 * <p>Samples go in groups (one group per task). A group first lists, for every input, the samples
 * of the group in which it is active (a counting sort of the group's indices); then each active
 * input's weight row is read once and added to up to four of those samples per pass, so one load
 * of an entry's column and weight serves several outputs, and the rows are read in memory order
 * once per group rather than once per sample.
 *
 * <p>The matrix is checked in full once ({@link CsrValidation}); after that the loops check what
 * they use as they go (each visited row's offsets, each entry's column against the width, one
 * unsigned compare), so a matrix edited in place after its check can never make them write
 * outside a sample's row: it fails with the full check's message instead.
 */
public final class SparseSparseMatmul {
    /**
     * Samples per group at most. Grouping more samples shares each row read among more of them,
     * but their output rows must stay in cache together (32 rows of 1,500 floats: 192 KiB, in L2).
     */
    private static final int MAX_GROUP = 32;

    private final CpuThreadPool pool;
    private final ThreadLocal<Workspace> workspaces = ThreadLocal.withInitial(Workspace::new);

    public SparseSparseMatmul(CpuThreadPool pool) {
        this.pool = pool;
    }

    /** Thrown by the loops when an entry or a row's offsets do not fit; the caller runs the full check. */
    private static final class BadEntry extends RuntimeException {
        BadEntry() {
            super("a CSR row or column out of range", null, false, false);
        }
    }

    /**
     * {@code y[b, o] = bias[o] + sum_j xValues[b, j] * wT[xIndices[b, j], o]}, with wT in CSR
     * ({@code offsets}, {@code columns}, {@code values}) of {@code inputs} rows and {@code outputs}
     * columns. wT is checked in full ({@link SparseChecks#csr}) the first time it is seen, the
     * indices on every call (in range, distinct within a row).
     */
    public void multiply(int[] xIndices, float[] xValues, int batch, int k, int[] offsets, int[] columns,
                         float[] values, int inputs, int outputs, float[] bias, float[] y) {
        CsrValidation.check("wT", offsets, inputs, columns, columns.length, outputs);
        if (batch == 0) {
            return;
        }
        // Groups as large as allowed, but at least one per thread.
        int group = Math.max(1, Math.min(MAX_GROUP, (batch + pool.threads() - 1) / pool.threads()));
        int groups = (batch + group - 1) / group;
        try {
            pool.forEachTask(groups, t -> {
                int b0 = t * group;
                group(xIndices, xValues, b0, Math.min(batch, b0 + group), k, offsets, columns, values, inputs,
                        outputs, bias, y);
            });
        } catch (BadEntry e) {
            // The matrix changed since its check: this throws the check's own message.
            CsrValidation.recheck("wT", offsets, inputs, columns, columns.length, outputs);
            throw new IllegalArgumentException("argument 'wT' changed while the product read it");
        }
    }

    /** Samples {@code b0 .. b1-1}. */
    private void group(int[] xIndices, float[] xValues, int b0, int b1, int k, int[] offsets, int[] columns,
                       float[] values, int inputs, int outputs, float[] bias, float[] y) {
        Workspace ws = workspaces.get();
        ws.reserve(inputs, (b1 - b0) * k);
        int[] start = ws.start;
        int[] lastSample = ws.lastSample;
        Arrays.fill(start, 0, inputs + 1, 0);
        Arrays.fill(lastSample, 0, inputs, -1);
        // 1. Count each input's samples, rejecting bad and repeated indices.
        for (int b = b0; b < b1; b++) {
            for (int j = 0; j < k; j++) {
                int input = xIndices[b * k + j];
                if (input < 0 || input >= inputs) {
                    throw new IllegalArgumentException("argument 'xIndices': entry [" + b + ", " + j + "] is " + input
                            + ", expected an input index in [0, " + inputs + ")");
                }
                if (lastSample[input] == b) {
                    throw new IllegalArgumentException("argument 'xIndices': row " + b + " lists input " + input
                            + " twice (entry [" + b + ", " + j + "]); the active indices of a row must be distinct");
                }
                lastSample[input] = b;
                start[input + 1]++;
            }
        }
        for (int i = 0; i < inputs; i++) {
            start[i + 1] += start[i];
        }
        // 2. For each input, its samples' output rows and values; the output rows start from the bias.
        int[] next = ws.next;
        System.arraycopy(start, 0, next, 0, inputs);
        int[] rowOf = ws.rowOf;
        float[] valueOf = ws.valueOf;
        for (int b = b0; b < b1; b++) {
            int yOff = b * outputs;
            if (bias == null) {
                Arrays.fill(y, yOff, yOff + outputs, 0f);
            } else {
                System.arraycopy(bias, 0, y, yOff, outputs);
            }
            for (int j = 0; j < k; j++) {
                int at = next[xIndices[b * k + j]]++;
                rowOf[at] = yOff;
                valueOf[at] = xValues[b * k + j];
            }
        }
        // 3. Each active input's row, read once, into all its samples: four, then two, then one at a time.
        int nnz = columns.length;
        for (int input = 0; input < inputs; input++) {
            int g = start[input];
            int gEnd = start[input + 1];
            if (g == gEnd) {
                continue;
            }
            int e0 = offsets[input];
            int e1 = offsets[input + 1];
            if (e0 < 0 || e0 > e1 || e1 > nnz) {
                throw new BadEntry();
            }
            for (; g + 3 < gEnd; g += 4) {
                addRowTo4(columns, values, e0, e1, outputs, y, rowOf[g], valueOf[g], rowOf[g + 1], valueOf[g + 1],
                        rowOf[g + 2], valueOf[g + 2], rowOf[g + 3], valueOf[g + 3]);
            }
            if (g + 1 < gEnd) {
                addRowTo2(columns, values, e0, e1, outputs, y, rowOf[g], valueOf[g], rowOf[g + 1], valueOf[g + 1]);
                g += 2;
            }
            if (g < gEnd) {
                addRow(columns, values, e0, e1, outputs, y, rowOf[g], valueOf[g]);
            }
        }
    }

    /*
     * The three loops below add one weight row into one, two or four output rows; each column is
     * checked against the width with one unsigned compare (well predicted), so that no entry
     * reaches another sample's row. The samples of a pass are distinct, so their outputs never
     * alias. Plain loops measured faster than ones that load several outputs of a row before
     * storing them, and than vectorising over slabs of eight samples (which needs a transpose and
     * a read-modify-write of a whole vector per entry).
     */

    private static void addRow(int[] columns, float[] values, int e, int end, int outputs, float[] y, int o1,
                               float v1) {
        for (; e < end; e++) {
            int c = columns[e];
            if (Integer.compareUnsigned(c, outputs) >= 0) {
                throw new BadEntry();
            }
            y[o1 + c] += v1 * values[e];
        }
    }

    private static void addRowTo2(int[] columns, float[] values, int e, int end, int outputs, float[] y, int o1,
                                  float v1, int o2, float v2) {
        for (; e < end; e++) {
            int c = columns[e];
            if (Integer.compareUnsigned(c, outputs) >= 0) {
                throw new BadEntry();
            }
            float w = values[e];
            y[o1 + c] += v1 * w;
            y[o2 + c] += v2 * w;
        }
    }

    private static void addRowTo4(int[] columns, float[] values, int e, int end, int outputs, float[] y, int o1,
                                  float v1, int o2, float v2, int o3, float v3, int o4, float v4) {
        for (; e < end; e++) {
            int c = columns[e];
            if (Integer.compareUnsigned(c, outputs) >= 0) {
                throw new BadEntry();
            }
            float w = values[e];
            y[o1 + c] += v1 * w;
            y[o2 + c] += v2 * w;
            y[o3 + c] += v3 * w;
            y[o4 + c] += v4 * w;
        }
    }

    /** Per-thread scratch, grown on demand and reused across calls. */
    private static final class Workspace {
        /** Per input: where its samples start in {@link #rowOf} / {@link #valueOf} ({@code inputs + 1}). */
        int[] start = new int[1];
        /** Per input: the fill position while listing. */
        int[] next = new int[0];
        /** Per input: the last sample of the group that listed it, to reject repeats. */
        int[] lastSample = new int[0];
        /** Per listed (input, sample): the sample's output row offset and the input's value. */
        int[] rowOf = new int[0];
        float[] valueOf = new float[0];

        void reserve(int inputs, int listed) {
            if (start.length < inputs + 1) {
                start = new int[inputs + 1];
                next = new int[inputs];
                lastSample = new int[inputs];
            }
            if (rowOf.length < listed) {
                rowOf = new int[listed];
                valueOf = new float[listed];
            }
        }
    }
}
