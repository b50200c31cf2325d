package io.sparsa.bench.run;

import io.sparsa.bench.report.Comparison;
import io.sparsa.bench.report.Comparisons;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The suites and the report name benchmarks that exist, so a rename cannot silently empty a report. */
class SuiteTest {
    @Test
    void everyQuickGroupSelectsBenchmarks() {
        for (Group g : Suite.quick()) {
            assertFalse(SuiteRunner.matching(g.include()).isEmpty(), "group '" + g.name() + "' selects nothing");
        }
    }

    @Test
    void theFullSuiteSelectsEveryComparedBenchmark() {
        List<String> all = SuiteRunner.matching(Suite.full().get(0).include());
        for (Comparison c : Comparisons.all()) {
            assertTrue(all.contains(c.subject()), c.subject() + " is not a benchmark; have " + all);
            assertTrue(all.contains(c.baseline()), c.baseline() + " is not a benchmark; have " + all);
        }
    }

    @Test
    void anExtraIncludeNarrowsAGroupInsteadOfWideningIt() {
        String group = Suite.methods("GemmBench.gemm", "BlasGemmBench.sgemm");
        String both = SuiteRunner.restrict(group, "Blas");
        assertTrue(Pattern.compile(both).matcher("io.sparsa.bench.BlasGemmBench.sgemm").find());
        assertFalse(Pattern.compile(both).matcher("io.sparsa.bench.GemmBench.gemm").find());
        assertFalse(Pattern.compile(both).matcher("io.sparsa.bench.BlasOther.x").find());
        assertEquals(List.of("BlasGemmBench.sgemm"), SuiteRunner.matching(both));
        assertEquals(group, SuiteRunner.restrict(group, null));
    }
}
