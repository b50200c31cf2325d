package io.sparsa.experiments.report;

import java.util.Locale;

/**
 * Mean and sample standard deviation of a few values (one per seed).
 *
 * @param mean the mean
 * @param std  the sample standard deviation (n - 1 in the denominator); 0 for a single value
 * @param n    number of values
 */
public record Stat(double mean, double std, int n) {
    public static Stat of(double... values) {
        int n = values.length;
        if (n == 0) {
            return new Stat(Double.NaN, Double.NaN, 0);
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / n;
        double sq = 0;
        for (double v : values) {
            sq += (v - mean) * (v - mean);
        }
        return new Stat(mean, n > 1 ? Math.sqrt(sq / (n - 1)) : 0, n);
    }

    /** {@code 98.75} for one value, {@code 98.75 ± 0.10} for several; {@code pattern} formats each number. */
    public String format(String pattern, double scale) {
        String m = String.format(Locale.ROOT, pattern, mean * scale);
        return n > 1 ? m + " ± " + String.format(Locale.ROOT, pattern, std * scale) : m;
    }
}
