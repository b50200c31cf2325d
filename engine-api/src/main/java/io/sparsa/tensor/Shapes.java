package io.sparsa.tensor;

import java.util.Arrays;

/** Small helpers for shapes: validation, element counts and printing. */
public final class Shapes {
    private Shapes() {
    }

    /**
     * Number of elements of a shape, checked: every dimension must be non-negative and the
     * product must fit in an {@code int}, since tensors are backed by Java arrays on the host.
     */
    public static int elementCount(String argument, int... shape) {
        if (shape == null) {
            throw new IllegalArgumentException("argument '" + argument + "': shape must not be null");
        }
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("argument '" + argument + "': dimension " + i
                        + " must be >= 0, got " + shape[i] + " in shape " + format(shape));
            }
            n *= shape[i];
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("argument '" + argument + "': shape " + format(shape)
                        + " has more than " + (Integer.MAX_VALUE - 8) + " elements");
            }
        }
        return (int) n;
    }

    /** Formats a shape as {@code [2, 3, 4]}. */
    public static String format(int... shape) {
        return Arrays.toString(shape);
    }

    /**
     * Resolves a reshape target in which at most one dimension may be {@code -1} (inferred).
     */
    public static int[] resolveReshape(int[] from, int... to) {
        int known = 1;
        int inferred = -1;
        int total = elementCount("shape", from);
        int[] out = to.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("reshape: only one dimension may be -1, got " + format(to));
                }
                inferred = i;
            } else if (out[i] < 0) {
                throw new IllegalArgumentException("reshape: dimension " + i + " must be >= 0 or -1, got " + format(to));
            } else {
                known *= out[i];
            }
        }
        if (inferred >= 0) {
            if (known == 0 || total % known != 0) {
                throw new IllegalArgumentException("reshape: cannot infer the -1 dimension of " + format(to)
                        + " from shape " + format(from) + " (" + total + " elements)");
            }
            out[inferred] = total / known;
        }
        if (elementCount("shape", out) != total) {
            throw new IllegalArgumentException("reshape: shape " + format(from) + " (" + total
                    + " elements) cannot be viewed as " + format(to) + " (" + elementCount("shape", out) + " elements)");
        }
        return out;
    }
}
