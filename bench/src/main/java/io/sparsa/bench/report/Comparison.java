package io.sparsa.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A benchmark measured against its baseline in the same run, and optionally a target on the
 * speed-up. The speed-up is {@code baseline time / subject time}: above 1 the subject is faster.
 *
 * <p>A baseline result matches a subject result when every parameter of the baseline equals the
 * subject's parameter of the same name, except those fixed in {@code baselineFixed} (e.g. the
 * thread-scaling target compares {@code threads=2} against {@code threads=1}).
 *
 * @param title         what is compared, for the report
 * @param subject       {@code Class.method} measured
 * @param baseline      {@code Class.method} it is compared with
 * @param baselineFixed baseline parameters that differ from the subject's
 * @param target        the goal, or null when the comparison is for information only
 */
public record Comparison(String title, String subject, String baseline, Map<String, String> baselineFixed,
                         Target target) {
    public Comparison {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(baseline, "baseline");
        baselineFixed = Map.copyOf(baselineFixed);
    }

    /**
     * A required speed-up over the baseline.
     *
     * @param needed  the least speed-up that meets the target
     * @param applies which subject configurations the target covers (others are information)
     * @param scope   those configurations in words, e.g. {@code sparsity=0.9}
     */
    public record Target(double needed, Predicate<Map<String, String>> applies, String scope) {
    }

    /**
     * A subject result with its baseline.
     *
     * @param subject  the measured result
     * @param baseline its matching baseline, or null when the run lacks it
     */
    public record Pair(BenchResult subject, BenchResult baseline) {
        /** {@code baseline time / subject time}, or NaN without a baseline. */
        public double speedup() {
            return baseline == null ? Double.NaN : baseline.medianSecondsPerOp() / subject.medianSecondsPerOp();
        }
    }

    /** Whether {@code r} is one of this comparison's subjects. */
    public boolean isSubject(BenchResult r) {
        if (!r.benchmark().equals(subject)) {
            return false;
        }
        // a subject whose own parameters are the fixed baseline ones is the baseline itself
        for (Map.Entry<String, String> e : baselineFixed.entrySet()) {
            if (subject.equals(baseline) && e.getValue().equals(r.params().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the target covers {@code r}. */
    public boolean targetApplies(BenchResult r) {
        return target != null && target.applies().test(r.params());
    }

    /** Every subject in {@code results}, each with its baseline if there is one. */
    public List<Pair> pairs(List<BenchResult> results) {
        List<Pair> out = new ArrayList<>();
        for (BenchResult r : results) {
            if (isSubject(r)) {
                out.add(new Pair(r, baselineOf(r, results)));
            }
        }
        return out;
    }

    /** The baseline of subject {@code r} in {@code results}, or null. */
    public BenchResult baselineOf(BenchResult r, List<BenchResult> results) {
        for (BenchResult b : results) {
            if (b.benchmark().equals(baseline) && matches(r, b)) {
                return b;
            }
        }
        return null;
    }

    private boolean matches(BenchResult subjectResult, BenchResult candidate) {
        for (Map.Entry<String, String> p : candidate.params().entrySet()) {
            String wanted = baselineFixed.containsKey(p.getKey()) ? baselineFixed.get(p.getKey())
                    : subjectResult.params().get(p.getKey());
            if (!p.getValue().equals(wanted)) {
                return false;
            }
        }
        return true;
    }
}
