package io.sparsa.backend.ops;

import io.sparsa.tensor.DType;
import io.sparsa.tensor.Tensor;

/**
 * A sparse matrix of {@code rows x cols} in compressed sparse row form. The sparse-sparse product
 * uses it for transposed weights: row {@code i} lists the output units that input {@code i}
 * feeds, so a k-sparse activation row touches only k rows. Fan-out is not fixed, hence CSR
 * rather than ELL.
 *
 * @param rowOffsets int32 {@code [rows + 1]}, non-decreasing, first 0, last {@code nnz}
 * @param columns    int32 {@code [nnz]}, ascending within a row, each in {@code [0, cols)}
 * @param values     float32 {@code [nnz]}
 * @param cols       number of columns
 */
public record CsrMatrix(Tensor rowOffsets, Tensor columns, Tensor values, int cols) {
    public CsrMatrix {
        if (rowOffsets == null || columns == null || values == null) {
            throw new IllegalArgumentException("CsrMatrix: rowOffsets, columns and values must not be null");
        }
        if (rowOffsets.dtype() != DType.INT32 || rowOffsets.rank() != 1 || rowOffsets.size() < 1) {
            throw new IllegalArgumentException("CsrMatrix: rowOffsets must be int32 [rows + 1], got " + rowOffsets.describe());
        }
        if (columns.dtype() != DType.INT32 || columns.rank() != 1) {
            throw new IllegalArgumentException("CsrMatrix: columns must be int32 [nnz], got " + columns.describe());
        }
        if (values.dtype() != DType.FLOAT32 || values.rank() != 1 || values.size() != columns.size()) {
            throw new IllegalArgumentException("CsrMatrix: values must be float32 [" + columns.size() + "], got "
                    + values.describe());
        }
        if (cols < 0) {
            throw new IllegalArgumentException("CsrMatrix: cols must be >= 0, got " + cols);
        }
    }

    public int rows() {
        return rowOffsets.size() - 1;
    }

    public int nnz() {
        return columns.size();
    }
}
