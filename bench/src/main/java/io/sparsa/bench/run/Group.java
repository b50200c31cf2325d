package io.sparsa.bench.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One JMH invocation of a suite: the benchmarks a regular expression selects, with parameter
 * overrides. JMH parameters apply to every selected benchmark that declares them, so a suite that
 * needs different values for different benchmarks runs several groups.
 *
 * @param name          short name, for progress lines
 * @param include       JMH include pattern, matched against {@code io.sparsa.bench.Class.method}
 * @param params        parameter overrides (name to values)
 * @param onlyBackends  backends this group is limited to (empty: every selected backend)
 */
public record Group(String name, String include, Map<String, List<String>> params, List<String> onlyBackends) {
    public Group {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(include, "include");
        params = new LinkedHashMap<>(params);
        params.replaceAll((k, v) -> List.copyOf(v));
        onlyBackends = List.copyOf(onlyBackends);
    }

    /** The backends this group runs on, out of {@code selected}, in their order. */
    public List<String> backendsOf(List<String> selected) {
        return onlyBackends.isEmpty() ? selected : selected.stream().filter(onlyBackends::contains).toList();
    }
}
