package io.sparsa.opencl;

/**
 * The compile-time sizes of the kernels (see {@code common.cl}), chosen to fit a device's limits
 * and passed to the OpenCL compiler as {@code -D} options. The CUDA PTX uses the defaults
 * {@link #DEFAULT}.
 *
 * @param workGroup  {@code WG}: work-items of every reducing / scanning / selecting kernel (power of two)
 * @param tileDim    {@code TILE_DIM}: a tiled product uses {@code tileDim^2} work-items
 * @param kwLocalMax {@code KW_LOCAL_MAX}: longest k-winners row kept in local memory
 */
record KernelTuning(int workGroup, int tileDim, int kwLocalMax) {
    /** The sizes the kernel sources default to. */
    static final KernelTuning DEFAULT = new KernelTuning(256, 16, 4096);
    /** Outputs per work-item along each side of a tile ({@code TILE_MICRO} in common.cl). */
    static final int TILE_MICRO = 4;
    /** K step of a tiled product ({@code TILE_K} in common.cl). */
    static final int TILE_K = 16;

    KernelTuning {
        if (Integer.bitCount(workGroup) != 1 || tileDim < 1 || kwLocalMax < 1) {
            throw new IllegalArgumentException("kernel tuning: workGroup must be a power of two and the sizes >= 1, got "
                    + workGroup + ", " + tileDim + ", " + kwLocalMax);
        }
    }

    /** Longest k-winners row kept in local memory on devices with plenty of it (CPU runtimes). */
    static final int KW_LOCAL_CAP = 16384;

    /**
     * The defaults, shrunk where a device allows fewer work-items per group. k-winners keeps a row
     * of 4-byte keys plus a 256-bin histogram and a scan buffer in local memory: the longest row
     * (a power of two from 256 to {@value #KW_LOCAL_CAP}) whose buffers take at most half of it, so
     * GPUs keep room for more than one resident work-group.
     */
    static KernelTuning forDevice(long maxWorkGroupSize, long localMemBytes) {
        int wg = DEFAULT.workGroup;
        while (wg > 1 && wg > maxWorkGroupSize) {
            wg /= 2;
        }
        int tile = DEFAULT.tileDim;
        while (tile > 1 && (long) tile * tile > maxWorkGroupSize) {
            tile /= 2;
        }
        int kw = KW_LOCAL_CAP;
        while (kw > 256 && kwLocalBytes(kw, wg) > localMemBytes / 2) {
            kw /= 2;
        }
        return new KernelTuning(wg, tile, kw);
    }

    private static long kwLocalBytes(int kw, int wg) {
        return 4L * kw + 4L * 256 + 4L * wg + 16;
    }

    int tileThreads() {
        return tileDim * tileDim;
    }

    /** Side of the output block one work-group of a tiled product computes. */
    int tileMN() {
        return tileDim * TILE_MICRO;
    }

    /** The compiler options that set these sizes. */
    String buildOptions() {
        return "-D WG=" + workGroup + " -D TILE_DIM=" + tileDim + " -D KW_LOCAL_MAX=" + kwLocalMax;
    }
}
