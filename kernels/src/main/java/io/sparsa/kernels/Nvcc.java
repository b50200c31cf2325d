package io.sparsa.kernels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Finds and runs NVIDIA's CUDA compiler, to turn the CUDA dialect into PTX. */
public final class Nvcc {
    /** System property naming the nvcc executable, for installs off the PATH. */
    public static final String PROPERTY = "sparsa.nvcc";

    private final Path executable;

    private Nvcc(Path executable) {
        this.executable = executable;
    }

    /**
     * The nvcc named by {@value #PROPERTY}, else the first on the PATH, else under
     * {@code $CUDA_HOME/bin} or {@code /usr/local/cuda/bin}; empty when there is none.
     */
    public static Optional<Nvcc> locate() {
        List<Path> candidates = new ArrayList<>();
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            candidates.add(Path.of(property.trim()));
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isBlank()) {
                    candidates.add(Path.of(dir, executableName()));
                }
            }
        }
        String cudaHome = System.getenv("CUDA_HOME");
        if (cudaHome != null && !cudaHome.isBlank()) {
            candidates.add(Path.of(cudaHome, "bin", executableName()));
        }
        candidates.add(Path.of("/usr/local/cuda/bin", executableName()));
        return candidates.stream().filter(Files::isExecutable).findFirst().map(Nvcc::new);
    }

    public Path executable() {
        return executable;
    }

    /** The release line of {@code nvcc --version}, e.g. {@code Cuda compilation tools, release 13.0, V13.0.88}. */
    public String version() {
        String out = run(List.of(executable.toString(), "--version"), null).output;
        return out.lines().filter(l -> l.contains("release")).findFirst().orElse(out.strip());
    }

    /**
     * Compiles {@code source} with {@code options} in {@code workDir} (as {@code sparsa.cu}) and
     * returns the PTX text.
     *
     * @throws IllegalStateException with nvcc's messages when compilation fails
     */
    public String compileToPtx(String source, List<String> options, Path workDir) {
        try {
            Files.createDirectories(workDir);
            Path cu = workDir.resolve("sparsa.cu");
            Path ptx = workDir.resolve("sparsa.ptx");
            Files.writeString(cu, source, StandardCharsets.UTF_8);
            Files.deleteIfExists(ptx);
            List<String> command = new ArrayList<>();
            command.add(executable.toString());
            command.addAll(options);
            command.add("-o");
            command.add(ptx.getFileName().toString());
            command.add(cu.getFileName().toString());
            Result r = run(command, workDir);
            if (r.exitCode != 0 || !Files.exists(ptx)) {
                throw new IllegalStateException("nvcc failed (exit " + r.exitCode + ") compiling " + cu + ":\n"
                        + String.join(" ", command) + "\n" + r.output);
            }
            return Files.readString(ptx, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compile kernels with " + executable + " in " + workDir, e);
        }
    }

    /**
     * Assembles {@code ptx} for the real architecture {@code arch} (e.g. {@code sm_75}) with the
     * {@code ptxas} beside this nvcc, which catches what the PTX compiler does not: too much shared
     * memory or too many registers for a block. Skipped (returns false) when there is no ptxas.
     *
     * @throws IllegalStateException with ptxas's messages when assembly fails
     */
    public boolean assemble(String ptx, String arch, Path workDir) {
        Path ptxas = executable.resolveSibling(executableName().replace("nvcc", "ptxas"));
        if (!Files.isExecutable(ptxas)) {
            return false;
        }
        try {
            Files.createDirectories(workDir);
            Path in = workDir.resolve("check.ptx");
            Files.writeString(in, ptx, StandardCharsets.UTF_8);
            List<String> command = List.of(ptxas.toString(), "-arch=" + arch, "-o", "check.cubin", "check.ptx");
            Result r = run(command, workDir);
            if (r.exitCode != 0) {
                throw new IllegalStateException("ptxas failed (exit " + r.exitCode + ") for " + arch + ":\n"
                        + String.join(" ", command) + "\n" + r.output);
            }
            Files.deleteIfExists(workDir.resolve("check.cubin"));
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + ptxas + " in " + workDir, e);
        }
    }

    private static String executableName() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows")
                ? "nvcc.exe" : "nvcc";
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(List<String> command, Path dir) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("nvcc did not finish within 10 minutes: " + command);
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
