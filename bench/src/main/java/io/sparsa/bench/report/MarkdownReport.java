package io.sparsa.bench.report;

import io.sparsa.bench.blas.BlasBaseline;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Markdown summary of a run: the machine, then per backend the targets (met or missed, with
 * the measured ratio) and every result with its baseline and speed-up, then the baselines that
 * run on no backend.
 */
public final class MarkdownReport {
    private final JmhJson.Parsed run;
    private final List<BenchResult> results;
    private final List<Comparison> comparisons;
    private final MachineInfo machine;

    /**
     * @param run         what JMH measured, and how
     * @param comparisons baselines and targets ({@link Comparisons#all()})
     * @param machine     where it ran
     */
    public MarkdownReport(JmhJson.Parsed run, List<Comparison> comparisons, MachineInfo machine) {
        this.run = run;
        this.results = run.results();
        this.comparisons = List.copyOf(comparisons);
        this.machine = machine;
    }

    /** The report, starting with a level-{@code level} heading titled {@code title}. */
    public String render(String title, int level) {
        String h = "#".repeat(level);
        StringBuilder md = new StringBuilder();
        md.append(h).append(' ').append(title).append("\n\n");
        machine(md);
        Set<String> backends = new LinkedHashSet<>();
        results.stream().map(BenchResult::backend).filter(b -> b != null).forEach(backends::add);
        for (String backend : backends) {
            md.append(h).append("# Backend `").append(backend).append("`\n\n");
            targets(md, backend);
            all(md, backend);
        }
        List<BenchResult> none = results.stream().filter(r -> r.backend() == null).toList();
        if (!none.isEmpty()) {
            md.append(h).append("# Baselines outside the engine\n\n");
            md.append("| Benchmark | Parameters | Median | Unit |\n|---|---|---:|---|\n");
            for (BenchResult r : none) {
                md.append("| ").append(r.benchmark()).append(" | ").append(r.paramsText()).append(" | ")
                        .append(number(r.median())).append(" | ").append(r.unit()).append(" |\n");
            }
            md.append('\n');
        }
        if (results.isEmpty()) {
            md.append("No results: every benchmark failed or none matched.\n");
        }
        return md.toString();
    }

    private void machine(StringBuilder md) {
        md.append("- CPU: ").append(machine.cpu()).append(", ").append(machine.cores()).append(" cores, ")
                .append(machine.memory()).append('\n');
        md.append("- CPU flags: ").append(machine.flags()).append('\n');
        md.append("- OS: ").append(machine.os()).append('\n');
        md.append("- JDK (report): ").append(machine.jdk()).append('\n');
        for (String jvm : run.jvms()) {
            md.append("- JVM (benchmarks): ").append(jvm).append('\n');
        }
        md.append("- Date: ").append(machine.date()).append("; load average (1 / 5 / 15 min) at the end: ")
                .append(machine.load()).append(" on ").append(machine.cores()).append(" cores\n");
        md.append("- Command: `").append(machine.command()).append("`\n");
        md.append("- JMH: ").append(String.join("; ", run.settings()))
                .append("; each figure is the median of the measurement iterations\n");
        md.append("- BLAS baseline: ").append(machine.blas()).append('\n');
        for (String b : machine.backends()) {
            md.append("- Backend ").append(b).append('\n');
        }
        md.append('\n');
    }

    private void targets(StringBuilder md, String backend) {
        List<String[]> rows = new ArrayList<>();
        List<String[]> summary = new ArrayList<>();
        for (Comparison c : comparisons) {
            if (c.target() == null) {
                continue;
            }
            int met = 0;
            int total = 0;
            double worst = Double.POSITIVE_INFINITY;
            String worstAt = "";
            boolean assessable = true;
            for (Comparison.Pair p : c.pairs(results)) {
                if (!backend.equals(p.subject().backend()) || !c.targetApplies(p.subject())) {
                    continue;
                }
                total++;
                double s = p.speedup();
                String verdict = verdict(c, s);
                if (verdict.startsWith("**met")) {
                    met++;
                }
                if (!nativeBaselineMissing(c) && !Double.isNaN(s) && s < worst) {
                    worst = s;
                    worstAt = p.subject().paramsText();
                }
                if (nativeBaselineMissing(c) || Double.isNaN(s)) {
                    assessable = false;
                }
                rows.add(new String[]{c.title(), p.subject().paramsText(), time(p.subject()),
                        p.baseline() == null ? "-" : time(p.baseline()), ratio(s), ratio(c.target().needed()), verdict});
            }
            String overall;
            if (total == 0) {
                overall = "not measured in this run";
            } else if (!assessable) {
                overall = nativeBaselineMissing(c) ? "not assessable: no tuned native BLAS loaded"
                        : "not assessable: baseline missing";
            } else {
                overall = met == total ? "**met**" : "**missed**";
            }
            summary.add(new String[]{c.title() + " (" + c.target().scope() + ")", ratio(c.target().needed()),
                    total == 0 ? "-" : met + " of " + total,
                    Double.isInfinite(worst) ? "-" : ratio(worst) + " (" + worstAt + ")", overall});
        }
        md.append("Targets (speed-up = baseline time / subject time; the targets are set for the CPU backend")
                .append(backend.equals("cpu") ? "" : ", so these are for information").append("):\n\n");
        md.append("| Target | Needed | Configurations met | Worst speed-up | Verdict |\n|---|---:|---:|---|---|\n");
        for (String[] s : summary) {
            md.append("| ").append(String.join(" | ", s)).append(" |\n");
        }
        md.append('\n');
        if (!rows.isEmpty()) {
            md.append("| Target | Configuration | Median | Baseline median | Speed-up | Needed | Verdict |\n")
                    .append("|---|---|---:|---:|---:|---:|---|\n");
            for (String[] r : rows) {
                md.append("| ").append(String.join(" | ", r)).append(" |\n");
            }
            md.append('\n');
        }
    }

    private void all(StringBuilder md, String backend) {
        md.append("All results:\n\n| Benchmark | Parameters | Median | Unit | Baseline | Speed-up |\n")
                .append("|---|---|---:|---|---|---:|\n");
        for (BenchResult r : results) {
            if (!backend.equals(r.backend())) {
                continue;
            }
            String base = "-";
            String speed = "-";
            for (Comparison c : comparisons) {
                if (c.isSubject(r)) {
                    BenchResult b = c.baselineOf(r, results);
                    base = c.baseline() + (c.baselineFixed().isEmpty() ? "" : " " + c.baselineFixed());
                    speed = b == null ? "no baseline result" : ratio(new Comparison.Pair(r, b).speedup());
                    break;
                }
            }
            md.append("| ").append(r.benchmark()).append(" | ").append(r.paramsText()).append(" | ")
                    .append(number(r.median())).append(" | ").append(r.unit()).append(" | ").append(base)
                    .append(" | ").append(speed).append(" |\n");
        }
        md.append('\n');
    }

    private String verdict(Comparison c, double speedup) {
        if (nativeBaselineMissing(c)) {
            return "not assessable (no tuned native BLAS)";
        }
        if (Double.isNaN(speedup)) {
            return "not assessable (baseline missing)";
        }
        double needed = c.target().needed();
        if (speedup >= needed) {
            return "**met**";
        }
        return "**missed** by " + ratio(needed / speedup);
    }

    private boolean nativeBaselineMissing(Comparison c) {
        return c.baseline().startsWith("BlasGemmBench") && machine.blasKind() != BlasBaseline.Kind.OPTIMIZED_NATIVE;
    }

    private static String time(BenchResult r) {
        return number(r.median()) + " " + r.unit();
    }

    static String ratio(double r) {
        return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, r >= 10 ? "%.1fx" : "%.2fx", r);
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
