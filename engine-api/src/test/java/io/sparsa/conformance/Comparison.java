package io.sparsa.conformance;

import io.sparsa.backend.Backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs one operation on the backend under test and on the reference with the same host inputs,
 * and compares every named output: floats within a {@link Tolerance}, ints exactly.
 *
 * <p>Usage: {@code comparison.check("gemm 3x5x7", tol, s -> { Tensor a = s.floats(...); ...;
 * s.backend().gemm(...); return Outputs.of("c", c); })}. The lambda must only use
 * {@code s.backend()} and tensors made through {@code s}; it runs once per backend.
 */
public final class Comparison {
    private final Backend underTest;
    private final Backend reference;

    public Comparison(Backend underTest, Backend reference) {
        this.underTest = underTest;
        this.reference = reference;
    }

    public Backend underTest() {
        return underTest;
    }

    public Backend reference() {
        return reference;
    }

    /** Runs {@code op} on both backends and returns one report per output. */
    public List<Tolerance.Report> run(String what, Tolerance tolerance, Function<Scope, Outputs> op) {
        Outputs expected;
        try (Scope s = new Scope(reference)) {
            expected = op.apply(s);
        }
        Outputs actual;
        try (Scope s = new Scope(underTest)) {
            actual = op.apply(s);
        }
        List<Tolerance.Report> reports = new ArrayList<>();
        for (Map.Entry<String, Outputs.Result> e : expected.results().entrySet()) {
            String name = what + " -> " + e.getKey();
            Outputs.Result want = e.getValue();
            Outputs.Result got = actual.results().get(e.getKey());
            if (got == null) {
                throw new AssertionError(name + ": the run on " + underTest.name() + " produced no such output");
            }
            if ((want.floats() == null) != (got.floats() == null)) {
                throw new AssertionError(name + ": the run on " + underTest.name() + " produced "
                        + (got.floats() == null ? "int32" : "float32") + " where the reference produced "
                        + (want.floats() == null ? "int32" : "float32"));
            }
            reports.add(want.floats() != null
                    ? tolerance.compare(name, want.floats(), got.floats(), want.shape())
                    : Tolerance.compareExact(name, want.ints(), got.ints(), want.shape()));
        }
        return reports;
    }

    /** As {@link #run}, failing with the first report that has mismatches. */
    public void check(String what, Tolerance tolerance, Function<Scope, Outputs> op) {
        for (Tolerance.Report r : run(what, tolerance, op)) {
            r.assertOk();
        }
    }
}
