package io.sparsa.bench.report;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One JMH result: a benchmark method under one parameter combination.
 *
 * @param benchmark {@code Class.method}, without the package
 * @param params    the JMH parameters, sorted by name
 * @param median    median of the measurement iterations, in {@code unit}
 * @param score     JMH's score (the mean), in {@code unit}
 * @param error     JMH's 99.9% half-interval of the score (NaN with too few iterations)
 * @param unit      JMH's unit, e.g. {@code us/op} or {@code ops/s}
 */
public record BenchResult(String benchmark, Map<String, String> params, double median, double score, double error,
                          String unit) {
    public BenchResult {
        Objects.requireNonNull(benchmark, "benchmark");
        params = new TreeMap<>(params);
        Objects.requireNonNull(unit, "unit");
    }

    /** The {@code backend} parameter, or {@code null} for a baseline that runs on no backend. */
    public String backend() {
        return params.get("backend");
    }

    /** The parameters other than {@code backend}, as {@code a=1 b=2}. */
    public String paramsText() {
        return params.entrySet().stream().filter(e -> !e.getKey().equals("backend"))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    /** The median as seconds per operation, whatever the unit (time per op, or ops per time). */
    public double medianSecondsPerOp() {
        return secondsPerOp(median, unit);
    }

    /** Converts a JMH score in {@code unit} to seconds per operation. */
    static double secondsPerOp(double value, String unit) {
        String[] parts = unit.split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("unsupported JMH unit '" + unit + "'");
        }
        if (parts[1].equals("op")) {
            return value * seconds(parts[0], unit);
        }
        if (parts[0].equals("ops")) {
            return seconds(parts[1], unit) / value;
        }
        throw new IllegalArgumentException("unsupported JMH unit '" + unit + "'");
    }

    private static double seconds(String timeUnit, String unit) {
        return switch (timeUnit) {
            case "ns" -> 1e-9;
            case "us" -> 1e-6;
            case "ms" -> 1e-3;
            case "s" -> 1;
            case "min" -> 60;
            default -> throw new IllegalArgumentException("unsupported time unit '" + timeUnit + "' in '" + unit + "'");
        };
    }
}
