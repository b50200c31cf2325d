package io.sparsa.htm;

/**
 * The inhibition radius of local inhibition, derived from the connected synapses as in Numenta's
 * spatial pooler: the average connected span of the columns (in input points) times the average
 * number of columns per input point is the diameter of a column's receptive field in column
 * units; the radius is {@code round(max(1, (diameter - 1) / 2))}.
 *
 * <p>A column's connected span is, averaged over the input dimensions, {@code max - min + 1} of
 * the coordinates of its connected inputs (raw coordinates: a wrapped pool that crosses an edge
 * counts the distance across the grid, as Numenta's does); a column without connected synapses
 * has span 0 and still counts in the average.
 */
final class InhibitionRadius {
    private InhibitionRadius() {
    }

    /**
     * @param connected  the 0/1 connected mask {@code [columns, width]} in {@link PotentialPool} layout
     * @param poolInputs the pool inputs {@code [columns, width]} beside it
     */
    static int of(float[] connected, int[] poolInputs, int width, int[] inputDims, int[] columnDims) {
        double diameter = averageConnectedSpan(connected, poolInputs, width, inputDims) * columnsPerInput(inputDims, columnDims);
        double radius = Math.max(1.0, (diameter - 1) / 2);
        return (int) Math.round(radius);
    }

    /** The connected span of every column, averaged over the columns. */
    static double averageConnectedSpan(float[] connected, int[] poolInputs, int width, int[] inputDims) {
        int rank = inputDims.length;
        int columns = connected.length / width;
        int[] min = new int[rank];
        int[] max = new int[rank];
        double total = 0;
        for (int c = 0; c < columns; c++) {
            java.util.Arrays.fill(min, Integer.MAX_VALUE);
            java.util.Arrays.fill(max, Integer.MIN_VALUE);
            boolean any = false;
            for (int e = c * width; e < (c + 1) * width; e++) {
                if (connected[e] == 0f) {
                    continue;
                }
                any = true;
                int input = poolInputs[e];
                // row-major coordinates, last dimension first
                for (int d = rank - 1; d >= 0; d--) {
                    int x = input % inputDims[d];
                    input /= inputDims[d];
                    min[d] = Math.min(min[d], x);
                    max[d] = Math.max(max[d], x);
                }
            }
            if (any) {
                long span = 0;
                for (int d = 0; d < rank; d++) {
                    span += max[d] - min[d] + 1;
                }
                total += (double) span / rank;
            }
        }
        return total / columns;
    }

    /** The columns per input point, averaged over the dimensions. */
    static double columnsPerInput(int[] inputDims, int[] columnDims) {
        double sum = 0;
        for (int d = 0; d < inputDims.length; d++) {
            sum += (double) columnDims[d] / inputDims[d];
        }
        return sum / inputDims.length;
    }
}
