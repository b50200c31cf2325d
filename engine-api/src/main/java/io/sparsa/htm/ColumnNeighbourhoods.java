package io.sparsa.htm;

/**
 * The inhibition neighbourhoods of the columns under local inhibition: column n is a neighbour of
 * column c when, in every dimension, their coordinates differ by at most the inhibition radius
 * (the hyper-cube of side {@code 2 * radius + 1} around c, as in Numenta's spatial pooler). Without
 * wrapping the cube is cut at the grid's edges; with wrapping the distance is measured around the
 * ring, and a side at least as long as the dimension covers it once. The relation is symmetric, and
 * every column is in its own neighbourhood.
 *
 * <p>Host-side and allocation-free after construction: the inhibition and the neighbourhood
 * averages of local boosting walk these windows directly.
 */
final class ColumnNeighbourhoods {
    private final int[] dims;
    private final int rank;
    private final int numColumns;
    private final int radius;
    private final boolean wrap;
    /** Coordinates, column-major by dimension: {@code coords[d * numColumns + c]}. */
    private final int[] coords;
    /** Per dimension: whether every window spans the whole dimension. */
    private final boolean[] full;
    private final boolean coversAll;
    private final int[] sizes;
    private final int[] strides;
    // scratch of the window walk
    private final int[][] lists;
    private final int[] span;
    private final int[] offset;

    ColumnNeighbourhoods(int[] columnDims, int radius, boolean wrap) {
        if (radius < 0) {
            throw new IllegalArgumentException("inhibition radius must be >= 0, got " + radius);
        }
        this.dims = columnDims.clone();
        this.rank = dims.length;
        this.radius = radius;
        this.wrap = wrap;
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        this.numColumns = n;
        this.coords = new int[rank * n];
        for (int c = 0; c < n; c++) {
            int[] cc = Topology.coordinates(c, dims);
            for (int d = 0; d < rank; d++) {
                coords[d * n + c] = cc[d];
            }
        }
        this.full = new boolean[rank];
        boolean all = true;
        for (int d = 0; d < rank; d++) {
            // without wrapping a column at either edge must reach the other one
            full[d] = wrap ? 2L * radius + 1 >= dims[d] : radius >= dims[d] - 1;
            all &= full[d];
        }
        this.coversAll = all;
        this.strides = new int[rank];
        this.lists = new int[rank][];
        int stride = 1;
        for (int d = rank - 1; d >= 0; d--) {
            strides[d] = stride;
            stride *= dims[d];
            lists[d] = new int[dims[d]];
        }
        this.span = new int[rank];
        this.offset = new int[rank];
        this.sizes = new int[n];
        for (int c = 0; c < n; c++) {
            int size = 1;
            for (int d = 0; d < rank; d++) {
                size *= windowLength(d, coords[d * n + c]);
            }
            sizes[c] = size;
        }
    }

    int radius() {
        return radius;
    }

    /** Whether every column's neighbourhood is the whole grid. */
    boolean coversAll() {
        return coversAll;
    }

    /** Number of columns in the neighbourhood of {@code c}, itself included. */
    int size(int c) {
        return sizes[c];
    }

    /** Whether {@code n} lies in the neighbourhood of {@code c}. */
    boolean contains(int c, int n) {
        for (int d = 0; d < rank; d++) {
            if (full[d]) {
                continue;
            }
            int diff = Math.abs(coords[d * numColumns + c] - coords[d * numColumns + n]);
            if (wrap) {
                diff = Math.min(diff, dims[d] - diff);
            }
            if (diff > radius) {
                return false;
            }
        }
        return true;
    }

    /**
     * Number of neighbours n of {@code c} (not c itself) with {@code rank[n] < rank[c]}, counting
     * stops at {@code limit}.
     */
    int countRankedAbove(int c, int[] ranks, int limit) {
        int mine = ranks[c];
        // per dimension, the window's coordinates times the dimension's stride
        for (int d = 0; d < rank; d++) {
            int x = coords[d * numColumns + c];
            int from;
            int count;
            if (full[d]) {
                from = 0;
                count = dims[d];
            } else if (wrap) {
                from = x - radius;
                count = 2 * radius + 1;
            } else {
                from = Math.max(0, x - radius);
                count = Math.min(dims[d] - 1, x + radius) - from + 1;
            }
            int[] list = lists[d];
            for (int j = 0; j < count; j++) {
                int y = from + j;
                list[j] = (y < 0 ? y + dims[d] : y >= dims[d] ? y - dims[d] : y) * strides[d];
            }
            span[d] = count;
            offset[d] = 0;
        }
        int inner = rank - 1;
        int[] innerList = lists[inner];
        int innerSpan = span[inner];
        int count = 0;
        while (true) {
            int base = 0;
            for (int d = 0; d < inner; d++) {
                base += lists[d][offset[d]];
            }
            for (int j = 0; j < innerSpan; j++) {
                if (ranks[base + innerList[j]] < mine && ++count >= limit) {
                    return count;
                }
            }
            // odometer over the outer dimensions
            int d = inner - 1;
            while (d >= 0 && ++offset[d] == span[d]) {
                offset[d] = 0;
                d--;
            }
            if (d < 0) {
                return count;
            }
        }
    }

    /** In place: every value becomes the sum over its column's neighbourhood (separably, one dimension at a time). */
    void sum(double[] values) {
        double[] line = new double[maxDim()];
        for (int d = 0; d < rank; d++) {
            filter(values, d, line, true);
        }
    }

    /** In place: every value becomes the largest over its column's neighbourhood. */
    void max(double[] values) {
        double[] line = new double[maxDim()];
        for (int d = 0; d < rank; d++) {
            filter(values, d, line, false);
        }
    }

    /** One separable pass along dimension {@code d}: a window sum or maximum over every line. */
    private void filter(double[] values, int d, double[] line, boolean sum) {
        int len = dims[d];
        int stride = 1;
        for (int e = d + 1; e < rank; e++) {
            stride *= dims[e];
        }
        int lines = numColumns / len;
        for (int l = 0; l < lines; l++) {
            // the l-th line along d starts at (l / stride) * stride * len + l % stride
            int start = (l / stride) * stride * len + l % stride;
            for (int x = 0; x < len; x++) {
                line[x] = values[start + x * stride];
            }
            for (int x = 0; x < len; x++) {
                int from;
                int count;
                if (full[d]) {
                    from = 0;
                    count = len;
                } else if (wrap) {
                    from = x - radius;
                    count = 2 * radius + 1;
                } else {
                    from = Math.max(0, x - radius);
                    count = Math.min(len - 1, x + radius) - from + 1;
                }
                double acc = sum ? 0 : Double.NEGATIVE_INFINITY;
                for (int j = 0; j < count; j++) {
                    double v = line[Math.floorMod(from + j, len)];
                    acc = sum ? acc + v : Math.max(acc, v);
                }
                values[start + x * stride] = acc;
            }
        }
    }

    private int windowLength(int d, int x) {
        if (full[d]) {
            return dims[d];
        }
        if (wrap) {
            return 2 * radius + 1;
        }
        return Math.min(dims[d] - 1, x + radius) - Math.max(0, x - radius) + 1;
    }

    private int maxDim() {
        int m = 0;
        for (int d : dims) {
            m = Math.max(m, d);
        }
        return m;
    }
}
