package io.sparsa.cpu.sparse;

import io.sparsa.cpu.parallel.CpuThreadPool;

import java.util.Arrays;

/**
 * The transpose of an ELL mask in compressed sparse row form: for every input column i, the
 * rows that read it, in ascending order, and where their weights sit in the ELL value array. The
 * backward-data passes then gather into each input instead of scattering into it, so threads
 * never write the same place.
 *
 * @param offsets {@code [cols + 1]}: the entries of column i are {@code offsets[i] .. offsets[i+1]-1}
 * @param rows    the row (output unit) of each entry
 * @param entries the position of each entry's weight in the row-major ELL arrays
 */
public record EllTranspose(int[] offsets, int[] rows, int[] entries) {
    /** Transposes by mask: building one costs random writes over every entry, checking one a sequential compare. */
    private static final MaskMemo<EllTranspose> TRANSPOSES = new MaskMemo<>();

    /**
     * The transpose of the mask {@code columns} ({@code [rowCount, nnz]}, range-checked), kept per
     * mask array and reused while the array is unchanged ({@link MaskMemo}).
     */
    public static EllTranspose of(int[] columns, int rowCount, int nnz, int cols) {
        return TRANSPOSES.get(columns, rowCount, nnz, cols, () -> build(columns, rowCount, nnz, cols));
    }

    /** Counting sort of the entries by column. */
    static EllTranspose build(int[] columns, int rowCount, int nnz, int cols) {
        int entries = rowCount * nnz;
        int[] offsets = new int[cols + 1];
        for (int e = 0; e < entries; e++) {
            offsets[columns[e] + 1]++;
        }
        for (int i = 0; i < cols; i++) {
            offsets[i + 1] += offsets[i];
        }
        int[] next = Arrays.copyOf(offsets, cols);
        int[] rows = new int[entries];
        int[] where = new int[entries];
        for (int e = 0; e < entries; e++) {
            int at = next[columns[e]]++;
            rows[at] = e / nnz;
            where[at] = e;
        }
        return new EllTranspose(offsets, rows, where);
    }

    /** The ELL weights in transposed order: {@code out[t] = values[entries[t]]}. */
    public float[] gather(CpuThreadPool pool, float[] values, float[] out) {
        pool.forRange(entries.length, 1 << 15, (from, to) -> {
            for (int t = from; t < to; t++) {
                out[t] = values[entries[t]];
            }
        });
        return out;
    }
}
