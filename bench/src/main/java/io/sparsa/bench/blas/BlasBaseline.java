package io.sparsa.bench.blas;

import dev.ludovic.netlib.blas.BLAS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The native BLAS baseline: {@code sgemm} of the system's BLAS through {@code dev.ludovic.netlib}
 * (JNI to {@code libblas.so.3}), and which implementation actually answered.
 *
 * <p>netlib's JNI wrapper needs {@code net.sourceforge.f2j:arpack_combined_all} on the class path
 * (its {@code JNI_OnLoad} looks up {@code org.netlib.util.*}); without it, or without a
 * {@code libblas.so.3}, netlib silently falls back to a Java BLAS. It opens whatever
 * {@code libblas.so.3} the loader finds (on Debian the {@code libblas.so.3} alternative): with only
 * {@code libblas3} installed that is the reference BLAS, about 50x slower than OpenBLAS and no
 * baseline at all. {@code apt-get install libopenblas0-pthread} fixes both; the system property
 * {@code dev.ludovic.netlib.blas.nativeLib} (a library name) or {@code nativeLibPath} (a full path)
 * picks another library.
 */
public final class BlasBaseline {
    /** System property: run the BLAS baseline even when only a Java or the reference BLAS loaded. */
    public static final String ALLOW_JAVA_BLAS = "sparsa.bench.allowJavaBlas";

    /** How to get a real baseline, for messages. */
    public static final String INSTALL_HINT = "install OpenBLAS (Debian/Ubuntu: apt-get install -y libopenblas0-pthread)";

    private BlasBaseline() {
    }

    /** What kind of BLAS answered. */
    public enum Kind {
        /** A tuned native library (OpenBLAS, MKL, BLIS, ATLAS): a real baseline. */
        OPTIMIZED_NATIVE,
        /** A native library that is not known to be tuned, e.g. the reference BLAS of libblas3. */
        OTHER_NATIVE,
        /** netlib's Java implementation: the JNI library did not load. */
        JAVA
    }

    /**
     * @param implementation netlib's class that serves the calls ({@code JNIBLAS}, {@code VectorBLAS}, ...)
     * @param kind           what that means for the baseline
     * @param libraries      the BLAS shared objects mapped into this process
     */
    public record Description(String implementation, Kind kind, List<String> libraries) {
        /** One line for reports. */
        public String summary() {
            String libs = libraries.isEmpty() ? "" : " -> " + String.join(", ", libraries);
            return switch (kind) {
                case OPTIMIZED_NATIVE -> implementation + libs + " (native, tuned)";
                case OTHER_NATIVE -> implementation + libs + " (native, NOT a tuned BLAS: probably the reference BLAS; "
                        + INSTALL_HINT + ")";
                case JAVA -> implementation + " (Java BLAS: the native library did not load; " + INSTALL_HINT + ")";
            };
        }
    }

    /** netlib's BLAS instance (loads the native library on first use). */
    public static BLAS blas() {
        return BLAS.getInstance();
    }

    /** Which implementation {@link #blas()} is, after loading it. */
    public static Description describe() {
        BLAS blas = blas();
        // one tiny call, so that a lazily opened native library is mapped before we look for it
        blas.sgemm("N", "N", 1, 1, 1, 1f, new float[]{1}, 1, new float[]{1}, 1, 0f, new float[1], 1);
        String impl = blas.getClass().getName();
        boolean jni = impl.endsWith(".JNIBLAS");
        List<String> libs = jni ? mappedBlasLibraries() : List.of();
        Kind kind;
        if (!jni) {
            kind = Kind.JAVA;
        } else if (libs.stream().map(s -> s.toLowerCase(Locale.ROOT))
                .anyMatch(s -> s.contains("openblas") || s.contains("mkl") || s.contains("blis") || s.contains("atlas"))) {
            kind = Kind.OPTIMIZED_NATIVE;
        } else {
            kind = Kind.OTHER_NATIVE;
        }
        return new Description(impl, kind, libs);
    }

    /**
     * Fails unless a tuned native BLAS answered, or {@link #ALLOW_JAVA_BLAS} is {@code true}; in
     * that case it only warns, and the GEMM targets read "no native baseline".
     */
    public static Description requireOptimized() {
        Description d = describe();
        if (d.kind() != Kind.OPTIMIZED_NATIVE && !Boolean.getBoolean(ALLOW_JAVA_BLAS)) {
            throw new IllegalStateException("no tuned native BLAS for the sgemm baseline: " + d.summary()
                    + "; or set -D" + ALLOW_JAVA_BLAS + "=true to measure against it anyway");
        }
        return d;
    }

    /**
     * Row-major {@code C[M, N] = alpha * op(A) * op(B) + beta * C} through column-major
     * {@code sgemm}: a row-major matrix is its transpose in column-major order, so this computes
     * {@code C^T = op(B)^T * op(A)^T} with the operands swapped.
     */
    public static void sgemmRowMajor(BLAS blas, boolean transA, boolean transB, int m, int n, int k, float alpha,
                                     float[] a, float[] b, float beta, float[] c) {
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        blas.sgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, alpha, b, ldb, a, lda, beta, c, n);
    }

    /** Shared objects with "blas" in their file name that this process has mapped (Linux only). */
    static List<String> mappedBlasLibraries() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return List.of();
        }
        Set<String> found = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(maps)) {
                int slash = line.indexOf('/');
                if (slash < 0) {
                    continue;
                }
                String path = line.substring(slash).trim();
                String file = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
                // netlib's own JNI glue is no BLAS
                if (file.contains("blas") && !file.contains("netlibblasjni")) {
                    found.add(path);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return new ArrayList<>(found);
    }
}
