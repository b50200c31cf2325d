package io.sparsa.cuda;

import io.sparsa.kernels.KernelSources;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The compile-time sizes the PTX was built with, read from the defaults in {@code common.cl} so
 * that the launch geometry can never drift from the kernels (the CUDA PTX is compiled with the
 * defaults; only the OpenCL host overrides them).
 *
 * @param wg          work-items per group of the reducing / selecting kernels ({@code WG})
 * @param tileThreads work-items per group of the tiled products ({@code TILE_DIM * TILE_DIM})
 * @param tileMn      output rows and columns per tile ({@code TILE_DIM * TILE_MICRO})
 * @param tileK       depth of one tile step ({@code TILE_K})
 * @param kwLocalMax  longest row k-winners keeps in shared memory ({@code KW_LOCAL_MAX})
 */
record CuKernelSizes(int wg, int tileThreads, int tileMn, int tileK, int kwLocalMax) {
    /** Work-items per group for kernels that take any group size. */
    static final int ELEMENTWISE_GROUP = 256;

    static CuKernelSizes fromSources() {
        return parse(KernelSources.text("common.cl"));
    }

    static CuKernelSizes parse(String common) {
        int tileDim = define(common, "TILE_DIM");
        int micro = define(common, "TILE_MICRO");
        return new CuKernelSizes(define(common, "WG"), tileDim * tileDim, tileDim * micro, define(common, "TILE_K"),
                define(common, "KW_LOCAL_MAX"));
    }

    private static int define(String source, String name) {
        Matcher m = Pattern.compile("(?m)^\\s*#define\\s+" + name + "\\s+(\\d+)\\s*$").matcher(source);
        if (!m.find()) {
            throw new IllegalStateException("common.cl has no numeric '#define " + name + "'");
        }
        return Integer.parseInt(m.group(1));
    }

    /** Tiles of {@code tileMn} needed to cover {@code size}. */
    long tiles(int size) {
        return (size + (long) tileMn - 1) / tileMn;
    }
}
