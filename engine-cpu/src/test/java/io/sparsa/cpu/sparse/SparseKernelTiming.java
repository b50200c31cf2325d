package io.sparsa.cpu.sparse;

import io.sparsa.backend.Backend;
import io.sparsa.backend.BackendConfig;
import io.sparsa.backend.ops.CsrMatrix;
import io.sparsa.backend.ops.EllMatrix;
import io.sparsa.cpu.CpuBackend;
import io.sparsa.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Not a test: a quick timing of the sparse products against the dense GEMM twin in one JVM, for
 * tuning between JMH runs (the figures that count come from the benchmarks jar). Rounds alternate
 * between the contenders so that load from other processes hits both alike; medians are printed.
 * Run from the test classpath with {@code --add-modules jdk.incubator.vector}; argument: threads.
 */
public final class SparseKernelTiming {
    private SparseKernelTiming() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        String only = args.length > 1 ? args[1] : "";
        Random random = new Random(7);
        try (Backend b = new CpuBackend(new BackendConfig(0, threads))) {
            System.out.println("device: " + b.deviceDescription());
            for (int batch : new int[]{64, 1}) {
                if (!only.isEmpty() && !only.contains("linear")) {
                    break;
                }
                Tensor x = b.fromArray(uniform(random, batch * 1600), batch, 1600);
                Tensor w = b.fromArray(uniform(random, 1500 * 1600), 1500, 1600);
                Tensor y = b.zeros(batch, 1500);
                Runnable dense = () -> b.gemm(false, true, 1f, x, w, 0f, y);
                int nnz = 160;
                int[] columns = distinctSortedRows(random, 1500, nnz, 1600);
                float[] values = uniform(random, 1500 * nnz);
                EllMatrix ell = new EllMatrix(b.fromArray(columns, 1500, nnz), b.fromArray(values, 1500, nnz), 1600);
                Runnable ellForward = () -> b.ellMatmul(x, ell, null, y);
                CsrMatrix wT = transposedCsr(b, columns, values, 1500, nnz, 1600, 1600);
                int k = 160;
                Tensor xi = b.fromArray(distinctSortedRows(random, batch, k, 1600), batch, k);
                Tensor xv = b.fromArray(uniform(random, batch * k), batch, k);
                Runnable sparse = () -> b.sparseSparseMatmul(xi, xv, wT, null, y);
                double[] t = time(20, 60, dense, ellForward, sparse);
                System.out.printf("1600->1500 batch %d: dense %.3f ms, ell %.3f ms (%.2fx), sparse-sparse %.3f ms (%.2fx)%n",
                        batch, t[0], t[1], t[0] / t[1], t[2], t[0] / t[2]);
            }
            if (only.isEmpty() || only.contains("knn")) {
                knn(b, random);
            }
        }
    }

    /** The k-NN shape: 2,000 queries of 240 of 4,096 bits against 8,000 stored codes, in chunks as KnnClassifier runs them. */
    private static void knn(Backend b, Random random) {
        int width = 4096;
        int stored = 8000;
        int active = 240;
        double[] popularity = new double[width];
        for (int i = 0; i < width; i++) {
            // Uneven bit use, as a spatial pooler's columns have: log-normal popularity.
            popularity[i] = Math.exp(1.0 * random.nextGaussian()) + (i == 0 ? 0 : popularity[i - 1]);
        }
        int[][] codes = new int[stored][];
        for (int s = 0; s < stored; s++) {
            codes[s] = weightedDistinct(random, popularity, active);
        }
        int rows = 2 * width;
        int[] offsets = new int[rows + 1];
        for (int[] c : codes) {
            for (int bit : c) {
                offsets[bit + 1]++;
            }
        }
        for (int i = 0; i < rows; i++) {
            offsets[i + 1] += offsets[i];
        }
        int[] fill = offsets.clone();
        int[] cols = new int[offsets[rows]];
        for (int s = 0; s < stored; s++) {
            for (int bit : codes[s]) {
                cols[fill[bit]++] = s;
            }
        }
        float[] ones = new float[cols.length];
        Arrays.fill(ones, 1f);
        int maxFan = 0;
        for (int i = 0; i < width; i++) {
            maxFan = Math.max(maxFan, offsets[i + 1] - offsets[i]);
        }
        System.out.printf("knn: nnz %d, mean fan-out %.0f, max %d%n", cols.length, cols.length / (double) width, maxFan);
        CsrMatrix wT = new CsrMatrix(b.fromArray(offsets, rows + 1), b.fromArray(cols, cols.length),
                b.fromArray(ones, ones.length), stored);
        int chunk = (1 << 22) / stored;
        int queries = 2000;
        List<Runnable> calls = new ArrayList<>();
        long updates = 0;
        for (int from = 0; from < queries; from += chunk) {
            int n = Math.min(chunk, queries - from);
            int pad = active + 3;
            int[] xi = new int[n * pad];
            float[] xv = new float[n * pad];
            for (int q = 0; q < n; q++) {
                int[] bits = weightedDistinct(random, popularity, active);
                for (int j = 0; j < pad; j++) {
                    xi[q * pad + j] = j < active ? bits[j] : width + j;
                    xv[q * pad + j] = j < active ? 1f : 0f;
                    if (j < active) {
                        updates += offsets[bits[j] + 1] - offsets[bits[j]];
                    }
                }
            }
            Tensor ti = b.fromArray(xi, n, pad);
            Tensor tv = b.fromArray(xv, n, pad);
            Tensor y = b.zeros(n, stored);
            calls.add(() -> b.sparseSparseMatmul(ti, tv, wT, null, y));
        }
        Runnable all = () -> calls.forEach(Runnable::run);
        double[] t = time(1, 3, all);
        System.out.printf("knn 2000 queries: %.1f ms, %.2f G updates/s (%d updates)%n", t[0], updates / t[0] / 1e6, updates);
    }

    private static double[] time(int warm, int rounds, Runnable... bodies) {
        double[][] ms = new double[bodies.length][rounds];
        for (int r = -warm; r < rounds; r++) {
            for (int i = 0; i < bodies.length; i++) {
                int reps = 0;
                long start = System.nanoTime();
                long now;
                do {
                    bodies[i].run();
                    reps++;
                    now = System.nanoTime();
                } while (now - start < 20_000_000L);
                if (r >= 0) {
                    ms[i][r] = (now - start) / 1e6 / reps;
                }
            }
        }
        double[] median = new double[bodies.length];
        for (int i = 0; i < bodies.length; i++) {
            Arrays.sort(ms[i]);
            median[i] = ms[i][rounds / 2];
        }
        return median;
    }

    private static CsrMatrix transposedCsr(Backend b, int[] columns, float[] values, int rows, int nnz, int cols,
                                           int inputs) {
        int[] offsets = new int[inputs + 1];
        for (int c : columns) {
            offsets[c + 1]++;
        }
        for (int i = 0; i < inputs; i++) {
            offsets[i + 1] += offsets[i];
        }
        int[] next = offsets.clone();
        int[] tColumns = new int[columns.length];
        float[] tValues = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < nnz; j++) {
                int at = next[columns[r * nnz + j]]++;
                tColumns[at] = r;
                tValues[at] = values[r * nnz + j];
            }
        }
        return new CsrMatrix(b.fromArray(offsets, inputs + 1), b.fromArray(tColumns, tColumns.length),
                b.fromArray(tValues, tValues.length), rows);
    }

    private static int[] weightedDistinct(Random random, double[] cumulative, int count) {
        double total = cumulative[cumulative.length - 1];
        int[] out = new int[count];
        int n = 0;
        while (n < count) {
            int i = Arrays.binarySearch(cumulative, random.nextDouble() * total);
            i = i < 0 ? -i - 1 : i;
            boolean seen = false;
            for (int j = 0; j < n && !seen; j++) {
                seen = out[j] == i;
            }
            if (!seen) {
                out[n++] = i;
            }
        }
        Arrays.sort(out);
        return out;
    }

    private static int[] distinctSortedRows(Random random, int rows, int count, int range) {
        int[] pool = new int[range];
        int[] out = new int[rows * count];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < range; i++) {
                pool[i] = i;
            }
            for (int i = 0; i < count; i++) {
                int j = i + random.nextInt(range - i);
                int t = pool[i];
                pool[i] = pool[j];
                pool[j] = t;
            }
            Arrays.sort(pool, 0, count);
            System.arraycopy(pool, 0, out, r * count, count);
        }
        return out;
    }

    private static float[] uniform(Random random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextFloat();
        }
        return a;
    }
}
