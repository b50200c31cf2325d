package io.sparsa.io;

/** Element types of the safetensors format, by their header names, with their sizes in bytes. */
public enum SafeTensorsDType {
    F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

    private final int bytes;

    SafeTensorsDType(int bytes) {
        this.bytes = bytes;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }

    /** The type of a header's {@code dtype} string, or null when unknown. */
    public static SafeTensorsDType fromHeaderName(String name) {
        for (SafeTensorsDType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
