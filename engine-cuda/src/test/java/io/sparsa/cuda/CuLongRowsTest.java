package io.sparsa.cuda;

import io.sparsa.backend.Backend;
import io.sparsa.backend.BackendConfig;
import io.sparsa.conformance.Comparison;
import io.sparsa.conformance.Outputs;
import io.sparsa.conformance.TestData;
import io.sparsa.conformance.Tolerance;
import io.sparsa.reference.ReferenceBackend;
import io.sparsa.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

/**
 * k-winners on rows longer than the kernels keep in shared memory ({@code KW_LOCAL_MAX}), which
 * take the multi-work-group path (histogram, select, count, offsets and write over slices): the
 * conformance kit's rows are shorter. Runs on the OpenCL emulation of the device and, where there
 * is one, on the GPU.
 */
class CuLongRowsTest {
    private static Backend open(String device) {
        if (device.equals("emulated")) {
            String reason = ClEmulatedDevice.unavailableReason();
            if (reason != null) {
                System.out.println("SKIPPED long-row k-winners on the OpenCL emulation: " + reason);
                Assumptions.assumeTrue(false, reason);
            }
            return new CuBackend(new ClEmulatedDevice(), CuKernelSizes.fromSources());
        }
        CuTestSupport.assumeCuda("long-row k-winners on the GPU");
        return new CuProvider().create(BackendConfig.fromSystemProperties());
    }

    @ParameterizedTest
    @ValueSource(strings = {"emulated", "cuda"})
    void longRowsMatchTheReference(String device) {
        int sliceLength = CuKernelSizes.fromSources().kwLocalMax();
        try (Backend cuda = open(device)) {
            TestData data = new TestData(TestData.seedFromProperties("long-row k-winners (" + device + ")"));
            Comparison comparison = new Comparison(cuda, new ReferenceBackend());
            int[][] shapes = {{2, sliceLength + 1, 1}, {3, 2 * sliceLength + 809, 17}, {2, sliceLength + 3, sliceLength},
                    {1, 3 * sliceLength, 2 * sliceLength + 5}};
            for (int[] sh : shapes) {
                int batch = sh[0];
                int n = sh[1];
                int k = sh[2];
                int groups = 9;
                while (n % groups != 0) {
                    groups--;
                }
                float[] boost = data.positive(groups, 0.5f, 2f);
                float[] x = data.distinctRows(batch, n);
                float[] unboosted = x.clone();
                for (int i = 0; i < x.length; i++) {
                    x[i] /= boost[(i % n) / (n / groups)];
                }
                check(comparison, batch, n, k, x, boost, "boost in " + groups + " groups");
                check(comparison, batch, n, k, unboosted, null, "no boost");
                float[] tied = data.smallIntegers(batch * n, -2, 2);
                check(comparison, batch, n, k, tied, null, "ties across slices");
                float[] flat = new float[n];
                Arrays.fill(flat, 0.75f);
                check(comparison, batch, n, k, tied, flat, "ties, uniform boost");
            }
        }
    }

    private static void check(Comparison comparison, int batch, int n, int k, float[] x, float[] boost, String what) {
        comparison.check("kWinners B=" + batch + " n=" + n + " k=" + k + " (" + what + ")", Tolerance.EXACT, s -> {
            Tensor out = s.filled(Float.NaN, batch, n);
            Tensor indices = s.intZeros(batch, Math.min(k, n));
            s.backend().kWinners(s.floats(x, batch, n), boost == null ? null : s.floats(boost, boost.length), k, out,
                    indices);
            return Outputs.of("out", out).add("indices", indices);
        });
    }
}
