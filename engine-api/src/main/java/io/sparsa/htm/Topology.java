package io.sparsa.htm;

import java.util.Arrays;

/**
 * Where columns sit over the input, and which inputs lie near a point: the geometry behind the
 * potential pools. Indices are row-major over their dimensions.
 */
final class Topology {
    private Topology() {
    }

    /** Row-major coordinates of {@code index} in a grid of {@code dims}. */
    static int[] coordinates(int index, int[] dims) {
        int[] c = new int[dims.length];
        for (int i = dims.length - 1; i >= 0; i--) {
            c[i] = index % dims[i];
            index /= dims[i];
        }
        return c;
    }

    /** Row-major index of {@code coords} in a grid of {@code dims}. */
    static int index(int[] coords, int[] dims) {
        int index = 0;
        for (int i = 0; i < dims.length; i++) {
            index = index * dims[i] + coords[i];
        }
        return index;
    }

    /**
     * The input point a column sits over: per dimension,
     * {@code floor((columnCoord + 0.5) * inputDim / columnDim)}, evaluated in float32 as Numenta
     * does, so that the centres (and with them the pools) match its layout.
     */
    static int centre(int column, int[] columnDims, int[] inputDims) {
        int[] cc = coordinates(column, columnDims);
        int[] ic = new int[cc.length];
        for (int i = 0; i < cc.length; i++) {
            float coord = (cc[i] + 0.5f) * (inputDims[i] / (float) columnDims[i]);
            ic[i] = Math.min(inputDims[i] - 1, (int) Math.floor(coord));
        }
        return index(ic, inputDims);
    }

    /**
     * The points within {@code radius} of {@code centre} in every dimension (a hyper-cube of side
     * {@code 2 * radius + 1}), ascending. Without wrapping the cube is cut at the grid's edges;
     * with wrapping it continues on the other side, and a side longer than the dimension covers
     * that dimension once (no point is listed twice).
     */
    static int[] neighbourhood(int centre, int radius, int[] dims, boolean wrap) {
        int[] c = coordinates(centre, dims);
        int rank = dims.length;
        int[] lo = new int[rank];
        int[] span = new int[rank];
        long total = 1;
        for (int i = 0; i < rank; i++) {
            if (wrap) {
                lo[i] = c[i] - radius;
                span[i] = (int) Math.min(2L * radius + 1, dims[i]);
            } else {
                lo[i] = Math.max(0, c[i] - radius);
                span[i] = (int) (Math.min((long) dims[i] - 1, (long) c[i] + radius) - lo[i] + 1);
            }
            total *= span[i];
        }
        int[] out = new int[(int) total];
        int[] offset = new int[rank];
        int[] point = new int[rank];
        for (int n = 0; n < out.length; n++) {
            for (int i = 0; i < rank; i++) {
                point[i] = Math.floorMod(lo[i] + offset[i], dims[i]);
            }
            out[n] = index(point, dims);
            // advance the odometer, last dimension fastest
            for (int i = rank - 1; i >= 0; i--) {
                if (++offset[i] < span[i]) {
                    break;
                }
                offset[i] = 0;
            }
        }
        // without wrapping (or without crossing an edge) the odometer already lists them ascending
        for (int n = 1; n < out.length; n++) {
            if (out[n] < out[n - 1]) {
                return ascending(out, dims);
            }
        }
        return out;
    }

    /** {@code points} (distinct) in ascending order: by marking when they cover much of the grid, else by sorting. */
    private static int[] ascending(int[] points, int[] dims) {
        long size = 1;
        for (int d : dims) {
            size *= d;
        }
        if (points.length * 4L < size) {
            Arrays.sort(points);
            return points;
        }
        boolean[] mark = new boolean[(int) size];
        for (int p : points) {
            mark[p] = true;
        }
        int n = 0;
        for (int i = 0; i < mark.length; i++) {
            if (mark[i]) {
                points[n++] = i;
            }
        }
        return points;
    }
}
