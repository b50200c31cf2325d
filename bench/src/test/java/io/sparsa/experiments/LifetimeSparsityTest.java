package io.sparsa.experiments;

import io.sparsa.backend.Backend;
import io.sparsa.backend.Backends;
import io.sparsa.nn.LayerFactory;
import io.sparsa.nn.LifetimeSparsity;
import io.sparsa.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WTA lifetime-sparsity layer (used by the regulariser comparison) against a plain host
 * computation: each unit keeps its top ceil(rate * B) activations over the batch.
 */
class LifetimeSparsityTest {
    /** Which activations each unit keeps: per column, the largest {@code kept} values, ties to the lower row. */
    private static boolean[] keptByHost(float[] x, int batch, int n, int kept) {
        boolean[] keep = new boolean[batch * n];
        for (int j = 0; j < n; j++) {
            for (int c = 0; c < kept; c++) {
                int best = -1;
                for (int b = 0; b < batch; b++) {
                    if (!keep[b * n + j] && (best < 0 || x[b * n + j] > x[best * n + j])) {
                        best = b;
                    }
                }
                keep[best * n + j] = true;
            }
        }
        return keep;
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "cpu"})
    void keepsEachUnitsTopActivationsOverTheBatch(String backendName) {
        long seed = new Random().nextLong();
        System.out.println("LifetimeSparsityTest seed " + seed + " on " + backendName);
        Random r = new Random(seed);
        int batch = 13;
        int n = 9;
        try (Backend b = Backends.create(backendName);
             LifetimeSparsity layer = new LifetimeSparsity(b, n, 0.2)) {
            assertEquals(3, layer.keptPerUnit(batch), "ceil(0.2 * 13)");
            float[] x = new float[batch * n];
            float[] dy = new float[batch * n];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
                dy[i] = (float) r.nextGaussian();
            }
            boolean[] keep = keptByHost(x, batch, n, 3);
            try (Tensor tx = b.fromArray(x, batch, n); Tensor tdy = b.fromArray(dy, batch, n)) {
                float[] y = layer.forward(tx).toFloatArray();
                float[] dx = layer.backward(tdy, true).toFloatArray();
                float[] expectY = new float[x.length];
                float[] expectDx = new float[x.length];
                for (int i = 0; i < x.length; i++) {
                    expectY[i] = keep[i] ? x[i] : 0f;
                    expectDx[i] = keep[i] ? dy[i] : 0f;
                }
                assertArrayEquals(expectY, y, 0f, "seed " + seed);
                assertArrayEquals(expectDx, dx, 0f, "seed " + seed);
                // a second batch size rebuilds the identity used for the transposes
                try (Tensor small = b.fromArray(java.util.Arrays.copyOf(x, 5 * n), 5, n)) {
                    float[] ys = layer.forward(small).toFloatArray();
                    boolean[] keepSmall = keptByHost(java.util.Arrays.copyOf(x, 5 * n), 5, n, 1);
                    for (int i = 0; i < ys.length; i++) {
                        assertEquals(keepSmall[i] ? x[i] : 0f, ys[i], 0f, "batch 5, element " + i + ", seed " + seed);
                    }
                }
                layer.eval();
                assertSame(tx, layer.forward(tx), "evaluation passes the input through");
                assertSame(tdy, layer.backward(tdy, true));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference"})
    void specRoundTripsThroughTheFactoryAndBadArgumentsAreNamed(String backendName) {
        try (Backend b = Backends.create(backendName); LifetimeSparsity layer = new LifetimeSparsity(b, 256, 0.05)) {
            try (var copy = LayerFactory.create(b, layer.spec(), new Random(1))) {
                assertEquals(layer.spec(), copy.spec());
            }
            assertTrue(LayerFactory.TYPES.contains(LifetimeSparsity.TYPE));
            assertEquals(4, layer.keptPerUnit(64), "ceil(0.05 * 64) = 4");
            assertEquals(3, layer.keptPerUnit(60), "0.05 * 60 is 3 (not 4 through rounding error)");
            assertEquals(1, layer.keptPerUnit(4));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layer.outputShape(new int[]{
                    100}));
            assertTrue(e.getMessage().contains("256") && e.getMessage().contains("100"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new LifetimeSparsity(b, 10, 0));
            assertTrue(e.getMessage().contains("rate"), e.getMessage());
        }
    }
}
