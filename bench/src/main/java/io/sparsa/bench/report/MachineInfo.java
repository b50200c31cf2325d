package io.sparsa.bench.report;

import io.sparsa.backend.BackendProvider;
import io.sparsa.backend.Backends;
import io.sparsa.backend.Probe;
import io.sparsa.bench.blas.BlasBaseline;
import io.sparsa.bench.fixture.BenchBackends;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where and how a run happened, for the report header: CPU and its vector flags, cores, memory,
 * JDK, date, command, the BLAS baseline and the backends with their devices.
 *
 * @param cpu      CPU model
 * @param flags    the CPU flags that matter for these kernels (SSE/AVX/FMA/AVX-512 families)
 * @param cores    processors the JVM sees
 * @param memory   total memory
 * @param os       operating system and kernel
 * @param jdk      JVM name and version
 * @param load     the load averages (1, 5, 15 minutes) when the report was made: other work on the machine
 * @param date     when the report was made
 * @param command  the command that produced the results
 * @param blas     the BLAS baseline
 * @param blasKind the kind of BLAS, to judge the GEMM targets
 * @param backends one line per backend: name, available or why not, devices
 */
public record MachineInfo(String cpu, String flags, int cores, String memory, String os, String jdk, String load,
                          String date,
                          String command, String blas, BlasBaseline.Kind blasKind, List<String> backends) {
    public MachineInfo {
        backends = List.copyOf(backends);
    }

    /** This machine, now, for {@code command}. */
    public static MachineInfo current(String command) {
        List<String> cpuinfo = lines(Path.of("/proc/cpuinfo"));
        String model = field(cpuinfo, "model name");
        String flags = Arrays.stream(field(cpuinfo, "flags").split("\\s+"))
                .filter(f -> f.startsWith("avx") || f.startsWith("sse") || f.equals("fma") || f.equals("f16c")
                        || f.startsWith("amx"))
                .collect(Collectors.joining(" "));
        if (!flags.contains("avx512")) {
            flags += " (no AVX-512)";
        }
        String mem = memory(field(lines(Path.of("/proc/meminfo")), "MemTotal"));
        BlasBaseline.Description blas = BlasBaseline.describe();
        List<String> backends = new ArrayList<>();
        for (BackendProvider p : Backends.providers()) {
            Probe probe = p.probe();
            backends.add(p.name() + ": " + (probe.available() ? "available" + (probe.devices().isEmpty() ? ""
                    : " (" + String.join("; ", probe.devices()) + ")") : "unavailable: " + BenchBackends.firstLine(probe.fullReason())));
        }
        return new MachineInfo(model.isEmpty() ? System.getProperty("os.arch") : model, flags.trim(),
                Runtime.getRuntime().availableProcessors(), mem.isEmpty() ? "unknown" : mem,
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                        + " (" + System.getProperty("java.vendor") + ")",
                loadAverages(),
                ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT)),
                command, blas.summary(), blas.kind(), backends);
    }

    private static String loadAverages() {
        List<String> l = lines(Path.of("/proc/loadavg"));
        if (l.isEmpty()) {
            return "unknown";
        }
        String[] f = l.get(0).split("\\s+");
        return f.length >= 3 ? f[0] + " / " + f[1] + " / " + f[2] : "unknown";
    }

    /** {@code "24683656 kB"} as {@code "23.5 GiB"}. */
    private static String memory(String meminfo) {
        String[] parts = meminfo.split("\\s+");
        if (parts.length == 2 && parts[1].equals("kB") && parts[0].matches("\\d+")) {
            return String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(parts[0]) / 1024.0 / 1024.0);
        }
        return meminfo;
    }

    private static List<String> lines(Path p) {
        try {
            return Files.isReadable(p) ? Files.readAllLines(p) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String field(List<String> lines, String name) {
        for (String l : lines) {
            int colon = l.indexOf(':');
            if (colon > 0 && l.substring(0, colon).trim().equals(name)) {
                return l.substring(colon + 1).trim();
            }
        }
        return "";
    }
}
