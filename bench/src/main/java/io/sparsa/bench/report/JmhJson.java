package io.sparsa.bench.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the JSON that JMH writes with {@code -rf json}, keeping what the report needs. */
public final class JmhJson {
    private JmhJson() {
    }

    /**
     * What a JMH JSON file holds.
     *
     * @param results  the results, in file order
     * @param jvms     the distinct JVMs the forks ran on ({@code vmName jdkVersion}, JVM flags)
     * @param settings the distinct run settings (forks, warm-up and measurement iterations)
     */
    public record Parsed(List<BenchResult> results, List<String> jvms, List<String> settings) {
        public Parsed {
            results = List.copyOf(results);
            jvms = List.copyOf(jvms);
            settings = List.copyOf(settings);
        }
    }

    /** The contents of {@code file}. */
    public static Parsed read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("JMH result file " + file + " does not exist");
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** The contents of {@code json}; {@code source} names it in errors. */
    public static Parsed parse(String json, String source) {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(source + " is not JSON: " + e.getMessage(), e);
        }
        if (!root.isJsonArray()) {
            throw new IllegalArgumentException(source + " is not a JMH JSON result (expected an array of runs)");
        }
        List<BenchResult> out = new ArrayList<>();
        Set<String> jvms = new LinkedHashSet<>();
        Set<String> settings = new LinkedHashSet<>();
        for (JsonElement e : root.getAsJsonArray()) {
            if (!e.isJsonObject()) {
                throw new IllegalArgumentException(source + ": expected an object per run, got " + e);
            }
            JsonObject run = e.getAsJsonObject();
            out.add(result(run, source));
            jvms.add(text(run, "vmName") + " " + text(run, "jdkVersion") + ", flags " + text(run, "jvmArgs"));
            settings.add("forks " + text(run, "forks") + ", warm-up " + text(run, "warmupIterations") + " x "
                    + text(run, "warmupTime") + ", measurement " + text(run, "measurementIterations") + " x "
                    + text(run, "measurementTime"));
        }
        return new Parsed(out, new ArrayList<>(jvms), new ArrayList<>(settings));
    }

    private static String text(JsonObject run, String field) {
        JsonElement e = run.get(field);
        if (e == null || e.isJsonNull()) {
            return "?";
        }
        if (e.isJsonArray()) {
            List<String> parts = new ArrayList<>();
            e.getAsJsonArray().forEach(x -> parts.add(x.getAsString()));
            return parts.isEmpty() ? "(none)" : String.join(" ", parts);
        }
        return e.getAsString();
    }

    private static BenchResult result(JsonObject run, String source) {
        if (!run.has("benchmark") || !run.has("primaryMetric")) {
            throw new IllegalArgumentException(source + ": an entry lacks 'benchmark' or 'primaryMetric': " + run);
        }
        String full = run.get("benchmark").getAsString();
        Map<String, String> params = new LinkedHashMap<>();
        if (run.has("params")) {
            run.getAsJsonObject("params").entrySet().forEach(p -> params.put(p.getKey(), p.getValue().getAsString()));
        }
        JsonObject metric = run.getAsJsonObject("primaryMetric");
        double score = metric.get("score").getAsDouble();
        double error = number(metric.get("scoreError"));
        double median = score;
        JsonObject percentiles = metric.getAsJsonObject("scorePercentiles");
        if (percentiles != null && percentiles.has("50.0")) {
            median = percentiles.get("50.0").getAsDouble();
        }
        return new BenchResult(shortName(full), params, median, score, error, metric.get("scoreUnit").getAsString());
    }

    /** {@code io.sparsa.bench.GemmBench.gemm} becomes {@code GemmBench.gemm}. */
    public static String shortName(String full) {
        int method = full.lastIndexOf('.');
        int cls = method > 0 ? full.lastIndexOf('.', method - 1) : -1;
        return full.substring(cls + 1);
    }

    private static double number(JsonElement e) {
        // JMH writes "NaN" as a string when there are too few iterations for an error
        if (e == null || e.isJsonNull()) {
            return Double.NaN;
        }
        try {
            return e.getAsDouble();
        } catch (NumberFormatException ex) {
            return Double.NaN;
        }
    }

    /** Concatenates several JMH JSON arrays (one per run of the suite) into one. */
    public static String merge(List<Path> files) throws IOException {
        JsonArray all = new JsonArray();
        for (Path f : files) {
            if (Files.isRegularFile(f) && Files.size(f) > 0) {
                JsonElement e = JsonParser.parseString(Files.readString(f, StandardCharsets.UTF_8));
                if (e.isJsonArray()) {
                    all.addAll(e.getAsJsonArray());
                }
            }
        }
        return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
                .create().toJson(all);
    }
}
