package io.sparsa.data;

import io.sparsa.tensor.Shapes;

/**
 * The content of an unsigned-byte IDX file: its dimensions and its elements in row-major order.
 *
 * @param source     where it was read from, for messages
 * @param dimensions the sizes, outermost first (for MNIST images {@code [count, 28, 28]})
 * @param data       the elements as stored (read them with {@code data[i] & 0xFF})
 */
public record IdxArray(String source, int[] dimensions, byte[] data) {
    public IdxArray {
        dimensions = dimensions.clone();
        if (Shapes.elementCount("dimensions", dimensions) != data.length) {
            throw new IllegalArgumentException("IDX array from " + source + ": dimensions " + Shapes.format(dimensions)
                    + " do not match " + data.length + " elements");
        }
    }

    @Override
    public int[] dimensions() {
        return dimensions.clone();
    }

    public int rank() {
        return dimensions.length;
    }

    /** Dimension {@code i}. */
    public int dimension(int i) {
        return dimensions[i];
    }

    /** Element {@code i} as an unsigned value in [0, 255]. */
    public int unsigned(int i) {
        return data[i] & 0xFF;
    }
}
