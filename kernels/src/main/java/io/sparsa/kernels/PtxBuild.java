package io.sparsa.kernels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Build step of the kernels module (run by Maven after compilation): compiles the CUDA dialect to
 * PTX with nvcc when nvcc is installed, so a kernel that does not compile as CUDA fails the build,
 * and places the PTX in the build output. Without nvcc the checked-in PTX ships as it is.
 *
 * <p>Arguments: the class output folder, a work folder, the checked-in PTX folder, and
 * {@code true} to also refresh the checked-in copy (this fails without nvcc).
 */
public final class PtxBuild {
    private PtxBuild() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: PtxBuild <classes dir> <work dir> <checked-in ptx dir> <refresh true|false>");
        }
        Path classes = Path.of(args[0]);
        Path work = Path.of(args[1]);
        Path checkedIn = Path.of(args[2]);
        boolean refresh = Boolean.parseBoolean(args[3].trim());
        String digest = CudaPtx.sourceDigest();
        Optional<Nvcc> nvcc = Nvcc.locate();
        if (nvcc.isEmpty()) {
            if (refresh) {
                throw new IllegalStateException("cannot refresh the checked-in PTX: nvcc is not on the PATH (or set -D"
                        + Nvcc.PROPERTY + "=/path/to/nvcc)");
            }
            System.out.println("[kernels] nvcc not found: shipping the checked-in PTX"
                    + (digest.equals(readDigest(checkedIn)) ? "" : " (STALE: it was compiled from other sources)"));
            return;
        }
        Path ptxFile = work.resolve("sparsa.ptx");
        Path stamp = work.resolve("sparsa.cu.sha256");
        String ptx;
        if (Files.exists(ptxFile) && Files.exists(stamp) && digest.equals(Files.readString(stamp).trim())) {
            ptx = Files.readString(ptxFile, StandardCharsets.UTF_8);
            System.out.println("[kernels] PTX up to date (" + ptxFile + ")");
        } else {
            System.out.println("[kernels] compiling the CUDA dialect with " + nvcc.get().executable() + " ("
                    + nvcc.get().version() + ")");
            ptx = nvcc.get().compileToPtx(CudaPtx.source(), CudaPtx.NVCC_OPTIONS, work);
            if (nvcc.get().assemble(ptx, CudaPtx.OLDEST_REAL_ARCH, work)) {
                System.out.println("[kernels] PTX assembles for " + CudaPtx.OLDEST_REAL_ARCH + " (ptxas)");
            }
            Files.writeString(stamp, digest + "\n");
        }
        write(classes.resolve(CudaPtx.PTX_RESOURCE.substring(1)), ptx);
        write(classes.resolve(CudaPtx.DIGEST_RESOURCE.substring(1)), digest + "\n");
        if (refresh) {
            write(checkedIn.resolve("sparsa.ptx"), ptx);
            write(checkedIn.resolve("sparsa.cu.sha256"), digest + "\n");
            System.out.println("[kernels] refreshed the checked-in PTX in " + checkedIn);
        } else if (!digest.equals(readDigest(checkedIn))) {
            System.out.println("[kernels] WARNING: the checked-in PTX is stale; refresh it with "
                    + "mvn -pl kernels -am process-classes -Dsparsa.ptx.refresh=true");
        }
    }

    private static String readDigest(Path checkedIn) throws IOException {
        Path f = checkedIn.resolve("sparsa.cu.sha256");
        return Files.exists(f) ? Files.readString(f).trim() : "";
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
