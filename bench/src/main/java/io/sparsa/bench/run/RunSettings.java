package io.sparsa.bench.run;

import java.util.List;

/**
 * JMH settings for a suite; a null field keeps the benchmark's own annotation.
 *
 * @param forks             forked JVMs per benchmark
 * @param warmupIterations  warm-up iterations
 * @param warmupTime        each warm-up iteration's length (JMH syntax: {@code 500ms}, {@code 1s})
 * @param iterations        measurement iterations
 * @param iterationTime     each measurement iteration's length
 * @param profilers         JMH profilers ({@code gc}, {@code stack}, {@code perfasm}, ...)
 * @param allowJavaBlas     measure the BLAS baseline even when no tuned native BLAS loaded
 */
public record RunSettings(Integer forks, Integer warmupIterations, String warmupTime, Integer iterations,
                          String iterationTime, List<String> profilers, boolean allowJavaBlas) {
    public RunSettings {
        profilers = List.copyOf(profilers);
    }

    /**
     * The quick suite's defaults: one fork, 6 x 1 s warm-up (the Vector API kernels run their slow
     * fallback until C2 has compiled them, which takes seconds on a busy 2-core machine), 5 x 0.5 s
     * measured.
     */
    public static RunSettings quick() {
        return new RunSettings(1, 6, "1s", 5, "500ms", List.of(), false);
    }

    /** The full suite's defaults, as the benchmark annotations: one fork, 5 x 1 s warm-up, 5 x 1 s measured. */
    public static RunSettings full() {
        return new RunSettings(1, 5, "1s", 5, "1s", List.of(), false);
    }

    /** These settings with the non-null fields of the arguments replacing them. */
    public RunSettings override(Integer forks, Integer warmupIterations, String warmupTime, Integer iterations,
                                String iterationTime, List<String> profilers, boolean allowJavaBlas) {
        return new RunSettings(forks != null ? forks : this.forks,
                warmupIterations != null ? warmupIterations : this.warmupIterations,
                warmupTime != null ? warmupTime : this.warmupTime,
                iterations != null ? iterations : this.iterations,
                iterationTime != null ? iterationTime : this.iterationTime,
                profilers.isEmpty() ? this.profilers : profilers, allowJavaBlas || this.allowJavaBlas);
    }

    /** In words, for the report. */
    public String describe() {
        return "forks " + orDefault(forks) + ", warm-up " + orDefault(warmupIterations) + " x " + orDefault(warmupTime)
                + ", measurement " + orDefault(iterations) + " x " + orDefault(iterationTime)
                + (profilers.isEmpty() ? "" : ", profilers " + String.join(", ", profilers));
    }

    private static String orDefault(Object o) {
        return o == null ? "(annotation)" : o.toString();
    }
}
