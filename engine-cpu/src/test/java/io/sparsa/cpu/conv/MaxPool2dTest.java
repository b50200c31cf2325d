package io.sparsa.cpu.conv;

import io.sparsa.tensor.DType;
import io.sparsa.cpu.TestRandom;
import io.sparsa.cpu.parallel.CpuThreadPool;
import io.sparsa.reference.ReferenceBackend;
import io.sparsa.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The max pool (the branch-free 2 x 2 path and the branching one), one and two threads, against
 * the reference backend's, bit for bit in y and exactly in argmax, on odd-sized planes with ties,
 * both zeros, infinities and NaN in first and later window positions (the NaN fallback), and
 * without NaN (the branch-free path alone).
 */
class MaxPool2dTest {
    /** {@code h, w}: odd, not multiples of the vector width, plus the paper's 24 x 24. */
    private static final int[][] PLANES = {{3, 3}, {5, 7}, {9, 11}, {13, 6}, {17, 19}, {24, 24}, {2, 9}};
    private static final float[] SPECIALS = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.NaN, Float.intBitsToFloat(0xffc00001), Float.intBitsToFloat(0x7f800001), Float.MIN_VALUE,
            -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE};

    private static Random random;
    private static CpuThreadPool one;
    private static CpuThreadPool two;
    private static ReferenceBackend reference;

    @BeforeAll
    static void setUp() {
        random = TestRandom.create("MaxPool2dTest");
        one = new CpuThreadPool(1);
        two = new CpuThreadPool(2);
        reference = new ReferenceBackend();
    }

    @AfterAll
    static void tearDown() {
        one.close();
        two.close();
        reference.close();
    }

    @Test
    void matchesTheReferenceWithTiesZerosInfinitiesAndNaN() {
        for (int[] plane : PLANES) {
            for (int kernel = 2; kernel <= 3; kernel++) {
                for (int stride = 1; stride <= 3; stride++) {
                    if (plane[0] < kernel || plane[1] < kernel) {
                        continue;
                    }
                    for (int kind = 0; kind < 3; kind++) {
                        check(3, 5, plane[0], plane[1], kernel, stride, kind);
                    }
                }
            }
        }
    }

    @Test
    void orderKeyOrdersNumbersLikeFloatComparison() {
        float[] values = new float[200];
        for (int i = 0; i < values.length; i++) {
            values[i] = i < SPECIALS.length ? SPECIALS[i] : (random.nextFloat() - 0.5f) * (1 << random.nextInt(40));
        }
        for (float a : values) {
            for (float b : values) {
                if (Float.isNaN(a) || Float.isNaN(b)) {
                    continue;
                }
                int ka = MaxPool2d.orderKey(Float.floatToRawIntBits(a));
                int kb = MaxPool2d.orderKey(Float.floatToRawIntBits(b));
                assertEquals(a > b, ka > kb, a + " > " + b);
                assertEquals(a == b, ka == kb, a + " == " + b);
            }
        }
    }

    /**
     * @param kind 0: post-ReLU-like (about half zeros of either sign, the rest distinct); 1: few
     *             levels so that windows tie; 2: like 1 with specials (NaN, infinities, zeros)
     */
    private static void check(int batch, int channels, int h, int w, int kernel, int stride, int kind) {
        int n = batch * channels * h * w;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = switch (kind) {
                case 0 -> random.nextBoolean() ? (random.nextBoolean() ? 0f : -0f) : random.nextFloat() * 2 - 0.5f;
                case 1 -> random.nextInt(4) - 1.5f;
                default -> random.nextInt(6) == 0 ? SPECIALS[random.nextInt(SPECIALS.length)] : random.nextInt(3) - 1f;
            };
        }
        int outH = (h - kernel) / stride + 1;
        int outW = (w - kernel) / stride + 1;
        int[] outShape = {batch, channels, outH, outW};
        float[] expectedY;
        int[] expectedArgmax;
        try (Tensor xt = reference.fromArray(x, batch, channels, h, w);
             Tensor yt = reference.zeros(outShape);
             Tensor at = reference.zeros(DType.INT32, outShape)) {
            reference.maxPool2d(xt, kernel, stride, yt, at);
            expectedY = yt.toFloatArray();
            expectedArgmax = at.toIntArray();
        }
        for (CpuThreadPool pool : new CpuThreadPool[]{one, two}) {
            float[] y = new float[expectedY.length];
            int[] argmax = new int[expectedY.length];
            new MaxPool2d(pool).forward(x, batch * channels, h, w, kernel, stride, y, argmax);
            String what = "h=" + h + " w=" + w + " kernel=" + kernel + " stride=" + stride + " kind=" + kind
                    + " threads=" + pool.threads();
            for (int i = 0; i < y.length; i++) {
                assertEquals(expectedArgmax[i], argmax[i], what + ": argmax[" + i + "]");
                assertEquals(Float.floatToRawIntBits(expectedY[i]), Float.floatToRawIntBits(y[i]),
                        what + ": y[" + i + "] is " + y[i] + ", expected " + expectedY[i]);
            }
        }
    }
}
