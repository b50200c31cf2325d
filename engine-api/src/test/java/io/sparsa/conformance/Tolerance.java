package io.sparsa.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How far a backend's float result may stray from the reference: element {@code i} passes when
 * {@code |actual - expected| <= abs + rel * |expected|}. A NaN or infinite expected value must be
 * matched exactly (NaN by NaN). The one comparison helper of the conformance kit, in the manner
 * of llm.c's {@code validate_result}: the first mismatches are listed with their index, and the
 * listing stops after {@value #MAX_LISTED}.
 *
 * @param abs absolute slack, >= 0
 * @param rel slack relative to the reference value, >= 0
 */
public record Tolerance(double abs, double rel) {
    /** Mismatches listed per comparison; the rest are only counted. */
    public static final int MAX_LISTED = 10;
    /** Bit-for-bit equal values (except that {@code -0.0 == 0.0}). */
    public static final Tolerance EXACT = new Tolerance(0, 0);
    /**
     * The default for float32 kernels compared with the double-accumulating reference: a few
     * ulps for element-wise work; use {@link #forReduction(long)} where sums are involved.
     */
    public static final Tolerance DEFAULT = new Tolerance(1e-5, 1e-4);

    public Tolerance {
        if (!(abs >= 0) || !(rel >= 0)) {
            throw new IllegalArgumentException("tolerances must be >= 0, got abs=" + abs + ", rel=" + rel);
        }
    }

    /**
     * Widened for results that sum {@code length} terms of magnitude about 1: float32 summation
     * error grows like {@code eps * length} in the worst ordering, so the absolute slack grows
     * with {@code sqrt(length)} (a random walk), which covers the lengths the kit uses.
     */
    public Tolerance forReduction(long length) {
        return new Tolerance(abs * Math.sqrt(Math.max(1, length)), rel);
    }

    /** Both slacks multiplied by {@code factor} (for devices with less exact arithmetic). */
    public Tolerance times(double factor) {
        return new Tolerance(abs * factor, rel * factor);
    }

    /** Whether {@code actual} is close enough to {@code expected}. */
    public boolean accepts(double expected, double actual) {
        if (Double.isNaN(expected)) {
            return Double.isNaN(actual);
        }
        if (Double.isInfinite(expected)) {
            return actual == expected;
        }
        return Math.abs(actual - expected) <= abs + rel * Math.abs(expected);
    }

    /**
     * Compares element-wise. {@code shape} (optional) only serves to print multi-dimensional
     * positions next to the flat index.
     */
    public Report compare(String what, float[] expected, float[] actual, int... shape) {
        List<String> listed = new ArrayList<>();
        if (expected.length != actual.length) {
            listed.add("length differs: expected " + expected.length + " elements, got " + actual.length);
            return new Report(what, this, Math.max(expected.length, actual.length), 1, Double.NaN, listed);
        }
        int mismatches = 0;
        double maxError = 0;
        for (int i = 0; i < expected.length; i++) {
            double error = Math.abs((double) actual[i] - expected[i]);
            if (Double.isFinite(error)) {
                maxError = Math.max(maxError, error);
            }
            if (!accepts(expected[i], actual[i])) {
                mismatches++;
                if (listed.size() < MAX_LISTED) {
                    listed.add(String.format("  at %d%s: expected %.9g, got %.9g (|diff| %.3g > allowed %.3g)", i,
                            position(i, shape), expected[i], actual[i], error, abs + rel * Math.abs(expected[i])));
                }
            }
        }
        return new Report(what, this, expected.length, mismatches, maxError, listed);
    }

    /** Integer outputs (indices, arg-max, labels) must match exactly. */
    public static Report compareExact(String what, int[] expected, int[] actual, int... shape) {
        List<String> listed = new ArrayList<>();
        if (expected.length != actual.length) {
            listed.add("length differs: expected " + expected.length + " elements, got " + actual.length);
            return new Report(what, EXACT, Math.max(expected.length, actual.length), 1, Double.NaN, listed);
        }
        int mismatches = 0;
        double maxError = 0;
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i]) {
                mismatches++;
                maxError = Math.max(maxError, Math.abs((double) expected[i] - actual[i]));
                if (listed.size() < MAX_LISTED) {
                    listed.add("  at " + i + position(i, shape) + ": expected " + expected[i] + ", got " + actual[i]);
                }
            }
        }
        return new Report(what, EXACT, expected.length, mismatches, maxError, listed);
    }

    /** Asserts {@link #compare} found no mismatch; the error message carries the report. */
    public void assertClose(String what, float[] expected, float[] actual, int... shape) {
        compare(what, expected, actual, shape).assertOk();
    }

    /** Asserts {@link #compareExact} found no mismatch. */
    public static void assertExact(String what, int[] expected, int[] actual, int... shape) {
        compareExact(what, expected, actual, shape).assertOk();
    }

    /** {@code " [1, 2, 3]"} for flat index {@code i} of a row-major {@code shape}, or "" without a shape. */
    private static String position(int i, int[] shape) {
        if (shape == null || shape.length < 2) {
            return "";
        }
        int[] pos = new int[shape.length];
        int rest = i;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] == 0) {
                return "";
            }
            pos[d] = rest % shape[d];
            rest /= shape[d];
        }
        return " " + Arrays.toString(pos);
    }

    /**
     * The outcome of one comparison.
     *
     * @param what       what was compared (operation, output, sizes)
     * @param tolerance  the tolerance applied
     * @param checked    elements compared
     * @param mismatches elements outside the tolerance
     * @param maxError   largest finite absolute difference seen
     * @param listed     the first (at most {@value #MAX_LISTED}) mismatches, one line each
     */
    public record Report(String what, Tolerance tolerance, int checked, int mismatches, double maxError,
                         List<String> listed) {
        public Report {
            listed = List.copyOf(listed);
        }

        public boolean ok() {
            return mismatches == 0;
        }

        /** A multi-line description: a headline, then the listed mismatches. */
        public String describe() {
            StringBuilder sb = new StringBuilder(what).append(": ");
            if (ok()) {
                return sb.append(checked).append(" elements match (max |diff| ")
                        .append(String.format("%.3g", maxError)).append(')').toString();
            }
            sb.append(mismatches).append(" of ").append(checked).append(" elements differ (tolerance abs ")
                    .append(String.format("%.3g", tolerance.abs())).append(" + rel ")
                    .append(String.format("%.3g", tolerance.rel())).append(" * |expected|)");
            for (String line : listed) {
                sb.append('\n').append(line);
            }
            if (mismatches > listed.size()) {
                sb.append("\n  ... and ").append(mismatches - listed.size()).append(" more");
            }
            return sb.toString();
        }

        /** Prints the mismatches to stdout and throws an {@link AssertionError} when there are any. */
        public void assertOk() {
            if (!ok()) {
                String text = describe();
                System.out.println("MISMATCH " + text);
                throw new AssertionError(text);
            }
        }
    }
}
