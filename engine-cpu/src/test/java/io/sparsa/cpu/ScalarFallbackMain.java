package io.sparsa.cpu;

import io.sparsa.backend.Backend;
import io.sparsa.backend.Backends;
import io.sparsa.backend.ops.EllMatrix;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.Tensor;

import java.util.Random;

/**
 * Run in a child JVM by {@link ScalarFallbackTest}, possibly without
 * {@code --add-modules jdk.incubator.vector}: creates the cpu backend twice through
 * {@link Backends}, runs a GEMM, an ELL product and k-winners against plain loops, prints the
 * device line and exits with status 0 only when every result is right.
 */
public final class ScalarFallbackMain {
    private ScalarFallbackMain() {
    }

    public static void main(String[] args) {
        Random random = new Random(42);
        for (int round = 0; round < 2; round++) {
            try (Backend backend = Backends.create("cpu")) {
                System.out.println("device: " + backend.deviceDescription());
                check(backend, random);
            }
        }
        System.out.println("results: ok");
    }

    private static void check(Backend backend, Random random) {
        int m = 37;
        int n = 29;
        int k = 41;
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        fill(random, a);
        fill(random, b);
        try (Tensor ta = backend.fromArray(a, m, k); Tensor tb = backend.fromArray(b, k, n);
             Tensor tc = backend.zeros(m, n)) {
            backend.gemm(false, false, 1f, ta, tb, 0f, tc);
            float[] c = tc.toFloatArray();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int p = 0; p < k; p++) {
                        sum += (double) a[i * k + p] * b[p * n + j];
                    }
                    expect("gemm", sum, c[i * n + j]);
                }
            }
        }
        int rows = 19;
        int cols = 23;
        int nnz = 4;
        int batch = 11;
        int[] columns = new int[rows * nnz];
        float[] values = new float[rows * nnz];
        fill(random, values);
        for (int o = 0; o < rows; o++) {
            for (int j = 0; j < nnz; j++) {
                columns[o * nnz + j] = (o + j * 5) % cols;
            }
            java.util.Arrays.sort(columns, o * nnz, (o + 1) * nnz);
        }
        float[] x = new float[batch * cols];
        fill(random, x);
        try (Tensor tc = backend.fromArray(columns, rows, nnz); Tensor tv = backend.fromArray(values, rows, nnz);
             Tensor tx = backend.fromArray(x, batch, cols); Tensor ty = backend.zeros(batch, rows)) {
            backend.ellMatmul(tx, new EllMatrix(tc, tv, cols), null, ty);
            float[] y = ty.toFloatArray();
            for (int s = 0; s < batch; s++) {
                for (int o = 0; o < rows; o++) {
                    double sum = 0;
                    for (int j = 0; j < nnz; j++) {
                        sum += (double) values[o * nnz + j] * x[s * cols + columns[o * nnz + j]];
                    }
                    expect("ellMatmul", sum, y[s * rows + o]);
                }
            }
        }
        float[] scores = {0.5f, 3f, -1f, 3f, 2f, 0f, 7f};
        try (Tensor tx = backend.fromArray(scores, 1, 7); Tensor out = backend.zeros(1, 7);
             Tensor idx = backend.zeros(DType.INT32, 1, 3)) {
            backend.kWinners(tx, null, 3, out, idx);
            int[] winners = idx.toIntArray();
            // 7 wins, then the tie between the two 3s goes to both (k = 3): positions 1, 3, 6.
            if (winners[0] != 1 || winners[1] != 3 || winners[2] != 6) {
                fail("kWinners: expected [1, 3, 6], got " + java.util.Arrays.toString(winners));
            }
        }
    }

    private static void fill(Random random, float[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextFloat() * 2 - 1;
        }
    }

    private static void expect(String what, double expected, float actual) {
        if (Math.abs(expected - actual) > 1e-4 + 1e-4 * Math.abs(expected)) {
            fail(what + ": expected " + expected + ", got " + actual);
        }
    }

    private static void fail(String message) {
        System.out.println("MISMATCH " + message);
        System.exit(2);
    }
}
