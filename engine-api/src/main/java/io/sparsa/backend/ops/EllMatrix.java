package io.sparsa.backend.ops;

import io.sparsa.tensor.DType;
import io.sparsa.tensor.Tensor;

/**
 * A sparse weight matrix of {@code rows x cols} in ELL ("ELLPACK") form with a fixed fan-in:
 * every row holds exactly {@code nnz} (column, value) pairs. This is what a random sparse-weight
 * mask produces (each output unit keeps exactly {@code round((1 - sparsity) * fanIn)} inputs).
 *
 * <p>{@code columns} is int32 {@code [rows, nnz]}, each row's columns distinct, in ascending order
 * and in {@code [0, cols)}; {@code values} is float32 {@code [rows, nnz]}. For a linear layer
 * {@code rows} is the output width and {@code cols} the input width; for a convolution
 * {@code rows = Cout} and {@code cols = Cin * kh * kw}.
 *
 * @param columns the kept column of each entry; fixed for the matrix's life (the mask)
 * @param values  the weight of each entry (trainable)
 * @param cols    the width of the dense matrix this one stands for
 */
public record EllMatrix(Tensor columns, Tensor values, int cols) {
    public EllMatrix {
        if (columns == null || values == null) {
            throw new IllegalArgumentException("EllMatrix: columns and values must not be null");
        }
        if (columns.dtype() != DType.INT32 || columns.rank() != 2) {
            throw new IllegalArgumentException("EllMatrix: columns must be int32 [rows, nnz], got " + columns.describe());
        }
        if (values.dtype() != DType.FLOAT32 || values.rank() != 2
                || values.dim(0) != columns.dim(0) || values.dim(1) != columns.dim(1)) {
            throw new IllegalArgumentException("EllMatrix: values must be float32 with the shape of columns "
                    + columns.describe() + ", got " + values.describe());
        }
        if (cols < columns.dim(1)) {
            throw new IllegalArgumentException("EllMatrix: cols must be >= nnz = " + columns.dim(1) + ", got " + cols);
        }
    }

    /** Number of rows (output units). */
    public int rows() {
        return columns.dim(0);
    }

    /** Number of kept entries per row. */
    public int nnz() {
        return columns.dim(1);
    }
}
