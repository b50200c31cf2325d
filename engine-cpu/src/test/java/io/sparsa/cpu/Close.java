package io.sparsa.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Element-wise comparison with an absolute plus relative slack, naming the first mismatch. */
public final class Close {
    private Close() {
    }

    public static void assertClose(String what, double[] expected, float[] actual, double abs, double rel) {
        assertTrue(expected.length == actual.length, what + ": length " + actual.length + " != " + expected.length);
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            if (!(Math.abs(a - e) <= abs + rel * Math.abs(e))) {
                throw new AssertionError(what + ": element " + i + " expected " + e + " got " + a + " (|diff| "
                        + Math.abs(a - e) + ")");
            }
        }
    }
}
