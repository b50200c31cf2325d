package io.sparsa.kernels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PTX checked in under src/main/resources must be what the current kernel sources compile to.
 * The digest check works everywhere; with nvcc installed the PTX is also recompiled and compared
 * byte for byte (when nvcc is the release that produced the checked-in copy).
 */
class PtxStalenessTest {
    private static final String REFRESH = "refresh it with: mvn -pl kernels -am process-classes -Dsparsa.ptx.refresh=true";
    /** The checked-in copy, not the build output (which the build regenerates when nvcc exists). */
    private static final Path CHECKED_IN = Path.of("src/main/resources/io/sparsa/kernels/ptx");

    @Test
    void checkedInDigestMatchesTheSources() throws IOException {
        String recorded = Files.readString(CHECKED_IN.resolve("sparsa.cu.sha256")).trim();
        assertEquals(CudaPtx.sourceDigest(), recorded,
                "the checked-in PTX was compiled from other kernel sources or nvcc options; " + REFRESH);
    }

    @Test
    void checkedInPtxRecompilesIdentically(@TempDir Path work) throws IOException {
        Optional<Nvcc> nvcc = Nvcc.locate();
        if (nvcc.isEmpty()) {
            System.out.println("[PtxStalenessTest] nvcc not found: recompilation check skipped (digest checked)");
            return;
        }
        String checkedIn = Files.readString(CHECKED_IN.resolve("sparsa.ptx"), StandardCharsets.UTF_8);
        String release = nvcc.get().version();
        String compiled = nvcc.get().compileToPtx(CudaPtx.source(), CudaPtx.NVCC_OPTIONS, work);
        if (!checkedIn.contains(release.strip())) {
            System.out.println("[PtxStalenessTest] nvcc is '" + release + "', not the release that compiled the "
                    + "checked-in PTX: byte comparison skipped (compiled fine, digest checked)");
            return;
        }
        assertTrue(checkedIn.equals(compiled), "the checked-in PTX differs from what nvcc (" + release
                + ") makes of the current sources; " + REFRESH);
    }
}
