package io.sparsa.nn;

import io.sparsa.backend.ops.EllMatrix;
import io.sparsa.tensor.Tensor;

/**
 * The fixed-fan-in sparse weights shared by {@link SparseLinear} and {@link SparseConv2d}: an
 * {@link EllMatrix} of {@code rows} outputs by {@code cols} inputs keeping {@code nnz} weights per
 * output, and its conversion to and from PyTorch's dense weight with zeros plus a
 * {@code zero_mask} (1 where the weight is forced to zero).
 */
final class SparseWeights {
    private final Tensor columns;
    private final Tensor values;
    private final EllMatrix matrix;
    private final int rows;
    private final int cols;
    private final int nnz;

    /** Wraps tensors the calling layer owns. */
    SparseWeights(Tensor columns, Tensor values, int cols) {
        this.columns = columns;
        this.values = values;
        this.matrix = new EllMatrix(columns, values, cols);
        this.rows = matrix.rows();
        this.cols = cols;
        this.nnz = matrix.nnz();
    }

    EllMatrix matrix() {
        return matrix;
    }

    Tensor values() {
        return values;
    }

    int nnz() {
        return nnz;
    }

    /** The dense {@code [rows, cols]} weights, zero where masked, row-major. */
    float[] dense() {
        int[] c = columns.toIntArray();
        float[] v = values.toFloatArray();
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < nnz; j++) {
                out[r * cols + c[r * nnz + j]] = v[r * nnz + j];
            }
        }
        return out;
    }

    /** The mask, 1 where the weight is forced to zero, row-major {@code [rows, cols]}. */
    float[] zeroMask() {
        int[] c = columns.toIntArray();
        float[] out = new float[rows * cols];
        java.util.Arrays.fill(out, 1f);
        for (int i = 0; i < c.length; i++) {
            out[(i / nnz) * cols + c[i]] = 0f;
        }
        return out;
    }

    /** The kept column indices, row-major {@code [rows, nnz]}. */
    int[] keptColumns() {
        return columns.toIntArray();
    }

    /**
     * Replaces mask and weights from PyTorch's dense weight and zero mask ({@code [rows, cols]}
     * row-major, whatever their nominal shape). Each row must keep exactly {@code nnz} weights and
     * every masked weight must be zero.
     *
     * @param weightName names the weight tensor in messages
     * @param maskName   names the mask tensor in messages
     */
    void load(float[] dense, float[] mask, String weightName, String maskName) {
        int[] c = new int[rows * nnz];
        float[] v = new float[rows * nnz];
        for (int r = 0; r < rows; r++) {
            int kept = 0;
            for (int i = 0; i < cols; i++) {
                float m = mask[r * cols + i];
                if (m != 0f && m != 1f) {
                    throw new IllegalArgumentException("'" + maskName + "' must hold only 0 and 1, got " + m
                            + " at row " + r + ", column " + i);
                }
                if (m == 0f) {
                    if (kept < nnz) {
                        c[r * nnz + kept] = i;
                        v[r * nnz + kept] = dense[r * cols + i];
                    }
                    kept++;
                } else if (dense[r * cols + i] != 0f) {
                    throw new IllegalArgumentException("'" + weightName + "' has the non-zero weight "
                            + dense[r * cols + i] + " at row " + r + ", column " + i + " where '" + maskName
                            + "' forces zero");
                }
            }
            if (kept != nnz) {
                throw new IllegalArgumentException("'" + maskName + "' keeps " + kept + " weights in row " + r
                        + "; this layer keeps exactly " + nnz + " of " + cols + " per output");
            }
        }
        columns.copyFrom(c);
        values.copyFrom(v);
    }
}
