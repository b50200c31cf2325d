package io.sparsa.cpu.sparse;

import io.sparsa.cpu.parallel.CpuThreadPool;

/**
 * The batch-blocked transpose that lets sparse kernels vectorise over the batch. A row-major
 * matrix {@code [batch, n]} becomes {@code blocks} slabs of {@code [n, width]}: slab t holds
 * samples {@code t*width .. t*width+width-1}, and row r of the slab (feature r of those samples)
 * is a contiguous run, so one kept weight multiplies a whole run with vector FMAs. Samples past
 * the batch in the last slab are zero. Each slab is small enough to stay in L2 while a kernel
 * hops between its rows.
 *
 * @param batch  samples
 * @param n      features per sample
 * @param width  samples per slab (a multiple of the vector length, or the padded batch)
 * @param blocks number of slabs
 */
public record BatchBlocks(int batch, int n, int width, int blocks) {
    /** Features transposed per tile, so that the strided writes of a tile stay within L1. */
    private static final int TILE = 64;

    /** The layout for {@code batch x n} with slabs of {@code lanes}-multiples, at most {@code maxWidth} wide. */
    public static BatchBlocks of(int batch, int n, int lanes, int maxWidth) {
        int width = Math.min(maxWidth, (batch + lanes - 1) / lanes * lanes);
        width = Math.max(1, width);
        return new BatchBlocks(batch, n, width, (batch + width - 1) / width);
    }

    /**
     * The layout for {@code batch x n} in as few slabs as {@code maxWidth} allows, with the batch
     * shared evenly between them (each rounded up to whole {@code lanes}), so that a batch just
     * past a multiple of {@code maxWidth} pads a few vectors instead of a whole slab.
     */
    public static BatchBlocks balanced(int batch, int n, int lanes, int maxWidth) {
        int blocks = Math.max(1, (batch + maxWidth - 1) / maxWidth);
        int perBlock = (batch + blocks - 1) / blocks;
        int width = Math.max(1, (perBlock + lanes - 1) / lanes * lanes);
        return new BatchBlocks(batch, n, width, (batch + width - 1) / width);
    }

    /** Elements of the transposed buffer. */
    public int size() {
        return blocks * n * width;
    }

    /** Start of slab t in the transposed buffer. */
    public int offset(int t) {
        return t * n * width;
    }

    /** Real (not padding) samples in slab t. */
    public int samples(int t) {
        return Math.min(width, batch - t * width);
    }

    /** Transposes {@code x[xOff ..]} ({@code [batch, n]}) into {@code dst} (length {@link #size()}). */
    public void pack(CpuThreadPool pool, float[] x, int xOff, float[] dst) {
        int tiles = (n + TILE - 1) / TILE;
        forTiles(pool, tiles, (t, r0, r1) -> {
            int base = offset(t);
            int count = samples(t);
            for (int s = 0; s < count; s++) {
                int src = xOff + (t * width + s) * n;
                for (int r = r0; r < r1; r++) {
                    dst[base + r * width + s] = x[src + r];
                }
            }
            for (int r = r0; r < r1; r++) {
                for (int s = count; s < width; s++) {
                    dst[base + r * width + s] = 0f;
                }
            }
        });
    }

    /** The inverse of {@link #pack} for the real samples: {@code y[yOff + b * n + r] = src[...]}. */
    public void unpack(CpuThreadPool pool, float[] src, float[] y, int yOff) {
        int tiles = (n + TILE - 1) / TILE;
        forTiles(pool, tiles, (t, r0, r1) -> unpackRows(src, offset(t), t, r0, r1, y, yOff));
    }

    /**
     * Writes rows {@code r0 .. r1-1} of slab t, held at {@code src[srcOff + (r - r0) * width + s]},
     * into {@code y} ({@code [batch, n]}).
     */
    public void unpackRows(float[] src, int srcOff, int t, int r0, int r1, float[] y, int yOff) {
        int count = samples(t);
        for (int s = 0; s < count; s++) {
            int dst = yOff + (t * width + s) * n;
            for (int r = r0; r < r1; r++) {
                y[dst + r] = src[srcOff + (r - r0) * width + s];
            }
        }
    }

    private interface TileBody {
        void run(int slab, int r0, int r1);
    }

    private void forTiles(CpuThreadPool pool, int tiles, TileBody body) {
        int total = blocks * tiles;
        // A part of fewer than ~16K elements is not worth a thread hand-off.
        pool.forRange(total, Math.max(1, (1 << 14) / (width * TILE)), (from, to) -> {
            for (int i = from; i < to; i++) {
                int t = i / tiles;
                int r0 = (i % tiles) * TILE;
                body.run(t, r0, Math.min(n, r0 + TILE));
            }
        });
    }
}
