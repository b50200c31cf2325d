package io.sparsa.kernels;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CUDA dialect of every kernel compiled to one PTX module, as the CUDA backend loads it
 * ({@code cuModuleLoadData}). The build regenerates it with nvcc when nvcc is installed; a copy is
 * checked in beside the sources, with the SHA-256 of what it was compiled from, so that builds
 * without nvcc still ship PTX and a test can tell when that copy is stale.
 *
 * <p>Refresh the checked-in copy after changing a kernel (needs nvcc):
 * {@code mvn -pl kernels -am process-classes -Dsparsa.ptx.refresh=true}.
 */
public final class CudaPtx {
    /** The PTX module (classpath resource). */
    public static final String PTX_RESOURCE = KernelSources.RESOURCE_DIR + "ptx/sparsa.ptx";
    /** Hex SHA-256 of {@link #compilationInput()} for the shipped PTX (classpath resource). */
    public static final String DIGEST_RESOURCE = KernelSources.RESOURCE_DIR + "ptx/sparsa.cu.sha256";
    /**
     * nvcc options. compute_75 (Turing) is the oldest virtual architecture CUDA 13 accepts; the
     * driver JIT-compiles the PTX for whatever GPU is present, newer ones included.
     */
    public static final List<String> NVCC_OPTIONS = List.of("-ptx", "-arch=compute_75");
    /** The real architecture of compute_75, which the build assembles the PTX for as a resource check. */
    public static final String OLDEST_REAL_ARCH = "sm_75";

    private static final Pattern VERSION = Pattern.compile("^\\.version\\s+(\\d+\\.\\d+)", Pattern.MULTILINE);

    private CudaPtx() {
    }

    /** The assembled CUDA source of all units. */
    public static String source() {
        return KernelSources.assemble(Dialect.CUDA);
    }

    /** What the PTX is a function of: the nvcc options and the assembled source. */
    public static String compilationInput() {
        return String.join(" ", NVCC_OPTIONS) + "\n" + source();
    }

    /** Hex SHA-256 of {@link #compilationInput()}. */
    public static String sourceDigest() {
        return sha256(compilationInput());
    }

    /** The shipped PTX text. */
    public static String ptx() {
        return resourceText(PTX_RESOURCE);
    }

    /** The digest recorded with the shipped PTX. */
    public static String recordedDigest() {
        return resourceText(DIGEST_RESOURCE).trim();
    }

    /** The PTX ISA version a module declares ({@code .version 9.0}), which bounds the driver it needs. */
    public static String isaVersion(String ptx) {
        Matcher m = VERSION.matcher(ptx);
        if (!m.find()) {
            throw new IllegalArgumentException("no .version directive in the PTX text");
        }
        return m.group(1);
    }

    /** Hex SHA-256 of the UTF-8 bytes of {@code text}. */
    public static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String resourceText(String resource) {
        String prefix = KernelSources.RESOURCE_DIR;
        return KernelSources.text(resource.substring(prefix.length()));
    }
}
