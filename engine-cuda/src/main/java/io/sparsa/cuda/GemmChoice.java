package io.sparsa.cuda;

import java.util.Locale;

/**
 * Which GEMM the backend uses, and why: cuBLAS when it loads, else the project's tiled kernel.
 * {@value #PROPERTY} may ask for one explicitly ({@code auto}, {@code cublas} or {@code kernel}),
 * for example to benchmark or test the kernel on a machine that has cuBLAS.
 *
 * @param cublas      whether cuBLAS is used
 * @param description one line for {@code sparsa backends} and device descriptions
 */
record GemmChoice(boolean cublas, String description) {
    /** System property choosing the GEMM path. */
    static final String PROPERTY = "sparsa.cuda.gemm";

    /** The GEMM paths a user can ask for. */
    enum Mode {
        AUTO, CUBLAS, KERNEL
    }

    /** The mode from {@value #PROPERTY}, {@code auto} when unset. */
    static Mode requested() {
        String v = System.getProperty(PROPERTY);
        if (v == null || v.isBlank()) {
            return Mode.AUTO;
        }
        try {
            return Mode.valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("system property " + PROPERTY + " must be auto, cublas or kernel, got '"
                    + v + "'", e);
        }
    }

    /**
     * The path for {@code mode} given what loading cuBLAS found.
     *
     * @throws IllegalStateException when cuBLAS is asked for explicitly and did not load
     */
    static GemmChoice decide(Mode mode, CuBlas.Availability cublas) {
        switch (mode) {
            case KERNEL:
                return new GemmChoice(false, "tiled kernel (asked for by " + PROPERTY + "=kernel)");
            case CUBLAS:
                if (!cublas.loaded()) {
                    throw new IllegalStateException(PROPERTY + "=cublas, but cuBLAS is unavailable: " + cublas.description());
                }
                return new GemmChoice(true, cublas.description() + " (asked for by " + PROPERTY + "=cublas)");
            default:
                return cublas.loaded()
                        ? new GemmChoice(true, cublas.description())
                        : new GemmChoice(false, "tiled kernel (cuBLAS unavailable: " + cublas.description() + ")");
        }
    }
}
