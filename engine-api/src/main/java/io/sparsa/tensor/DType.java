package io.sparsa.tensor;

/** Element types a {@link Tensor} can hold. */
public enum DType {
    /** IEEE 754 single precision: activations, weights, gradients. */
    FLOAT32("float32", 4),
    /** Signed 32-bit integers: indices, labels, arg-max positions. */
    INT32("int32", 4);

    private final String label;
    private final int bytes;

    DType(String label, int bytes) {
        this.label = label;
        this.bytes = bytes;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return label;
    }
}
