package io.sparsa.cuda;

/**
 * A PTX ISA version ({@code .version 8.5} in a PTX file) and the CUDA release that introduced it.
 * A driver can JIT-compile PTX only up to the ISA of the CUDA release it supports, which
 * {@code cuDriverGetVersion} reports as {@code 1000 * major + 10 * minor} (12040 for CUDA 12.4).
 * The table comes from the release notes of the PTX ISA documents.
 *
 * @param major ISA major version
 * @param minor ISA minor version
 */
public record PtxIsa(int major, int minor) implements Comparable<PtxIsa> {
    /** {ISA major, ISA minor, CUDA version as the driver reports it}, ascending. */
    private static final int[][] INTRODUCED_IN = {
            {6, 0, 9000}, {6, 1, 9010}, {6, 2, 9020}, {6, 3, 10000}, {6, 4, 10010}, {6, 5, 10020},
            {7, 0, 11000}, {7, 1, 11010}, {7, 2, 11020}, {7, 3, 11030}, {7, 4, 11040}, {7, 5, 11050},
            {7, 6, 11060}, {7, 7, 11070}, {7, 8, 11080},
            {8, 0, 12000}, {8, 1, 12010}, {8, 2, 12020}, {8, 3, 12030}, {8, 4, 12040}, {8, 5, 12050},
            {8, 6, 12070}, {8, 7, 12080}, {8, 8, 12090},
            {9, 0, 13000},
    };

    public PtxIsa {
        if (major < 1 || minor < 0) {
            throw new IllegalArgumentException("PTX ISA version must be >= 1.0, got " + major + "." + minor);
        }
    }

    /** Parses {@code "8.5"}. */
    public static PtxIsa parse(String text) {
        String[] parts = text.trim().split("\\.");
        if (parts.length != 2) {
            throw new IllegalArgumentException("PTX ISA version must look like '8.5', got '" + text + "'");
        }
        try {
            return new PtxIsa(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PTX ISA version must look like '8.5', got '" + text + "'", e);
        }
    }

    /**
     * The oldest CUDA version (as {@code cuDriverGetVersion} reports it) whose driver accepts this
     * ISA. An ISA newer than the table needs at least the newest CUDA version the table knows;
     * the caller should then say that the requirement is a lower bound ({@link #isKnown()}).
     */
    public int minimumDriverVersion() {
        int best = INTRODUCED_IN[0][2];
        for (int[] row : INTRODUCED_IN) {
            if (compareTo(new PtxIsa(row[0], row[1])) >= 0) {
                best = row[2];
            }
        }
        return best;
    }

    /** Whether this ISA is in the table (so {@link #minimumDriverVersion()} is exact). */
    public boolean isKnown() {
        for (int[] row : INTRODUCED_IN) {
            if (row[0] == major && row[1] == minor) {
                return true;
            }
        }
        return false;
    }

    /**
     * The newest ISA a driver of {@code driverVersion} accepts, or {@code null} when it is older
     * than every version in the table.
     */
    public static PtxIsa newestFor(int driverVersion) {
        PtxIsa best = null;
        for (int[] row : INTRODUCED_IN) {
            if (row[2] <= driverVersion) {
                best = new PtxIsa(row[0], row[1]);
            }
        }
        return best;
    }

    /** {@code 12040} as {@code "12.4"}. */
    public static String formatCudaVersion(int driverVersion) {
        return driverVersion / 1000 + "." + (driverVersion % 1000) / 10;
    }

    @Override
    public int compareTo(PtxIsa o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
