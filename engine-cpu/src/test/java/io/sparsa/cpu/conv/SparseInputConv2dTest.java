package io.sparsa.cpu.conv;

import io.sparsa.backend.ops.Conv2dGeometry;
import io.sparsa.cpu.KernelSets;
import io.sparsa.cpu.TestRandom;
import io.sparsa.cpu.parallel.CpuThreadPool;
import io.sparsa.cpu.vector.CpuKernels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sparse-input convolution, scalar and Vector API scatter, one and two threads, against a
 * direct double-precision convolution, on sparse inputs of odd sizes: output channels that are
 * and are not multiples of the vector width, column stride 1 (the contiguous-run path) and above.
 */
class SparseInputConv2dTest {
    /** batch, cin, h, w, cout, kernelH, kernelW, strideH, strideW, padH, padW. */
    private static final int[][] CASES = {
            {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0},
            {3, 1, 28, 28, 32, 5, 5, 1, 1, 0, 0},
            {2, 32, 12, 12, 64, 5, 5, 1, 1, 0, 0},
            {3, 5, 9, 11, 13, 3, 3, 1, 1, 1, 1},
            {2, 3, 10, 7, 17, 2, 3, 3, 2, 0, 2},
            {5, 2, 13, 9, 7, 3, 3, 2, 2, 1, 1},
            {1, 4, 6, 5, 33, 5, 4, 1, 3, 2, 1}};

    private static Random random;
    private static CpuThreadPool one;
    private static CpuThreadPool two;

    @BeforeAll
    static void setUp() {
        random = TestRandom.create("SparseInputConv2dTest");
        one = new CpuThreadPool(1);
        two = new CpuThreadPool(2);
    }

    @AfterAll
    static void tearDown() {
        one.close();
        two.close();
    }

    @Test
    void scalarAndVectorScatterMatchADirectConvolution() {
        for (int[] c : CASES) {
            Conv2dGeometry g = new Conv2dGeometry(c[5], c[6], c[7], c[8], c[9], c[10]);
            ConvShape s = new ConvShape(c[0], c[1], c[2], c[3], c[4], g);
            for (double density : new double[]{0.03, 0.2, 0.6}) {
                float[] x = sparse(s.batch() * s.inImage(), density);
                float[] w = TestRandom.floats(random, s.outChannels() * s.taps());
                float[] bias = TestRandom.floats(random, s.outChannels());
                double[] expected = direct(x, w, bias, s);
                for (CpuKernels kernels : KernelSets.both()) {
                    for (CpuThreadPool pool : new CpuThreadPool[]{one, two}) {
                        SparseInputConv2d conv = new SparseInputConv2d(kernels, pool);
                        assertEquals(kernels.vectorized(), conv.vectorized());
                        float[] y = new float[s.batch() * s.outImage()];
                        Arrays.fill(y, Float.NaN);
                        conv.forward(x, w, bias, s, y);
                        String what = s + " density " + density + " " + kernels.description() + ", "
                                + pool.threads() + " thread(s)";
                        for (int i = 0; i < y.length; i++) {
                            double tol = 1e-5 * (1 + Math.abs(expected[i])) * Math.sqrt(s.taps());
                            int at = i;
                            assertTrue(Math.abs(y[i] - expected[i]) <= tol,
                                    () -> what + ": y[" + at + "] = " + y[at] + ", expected " + expected[at]);
                        }
                    }
                }
            }
        }
    }

    private static float[] sparse(int n, double density) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            if (random.nextDouble() < density) {
                x[i] = random.nextFloat() * 2 - 1;
            }
        }
        return x;
    }

    /** The convolution read from the outputs' side, in double. */
    private static double[] direct(float[] x, float[] w, float[] bias, ConvShape s) {
        Conv2dGeometry g = s.g();
        double[] y = new double[s.batch() * s.outImage()];
        for (int n = 0; n < s.batch(); n++) {
            for (int o = 0; o < s.outChannels(); o++) {
                for (int oh = 0; oh < s.outH(); oh++) {
                    for (int ow = 0; ow < s.outW(); ow++) {
                        double sum = bias[o];
                        for (int c = 0; c < s.inChannels(); c++) {
                            for (int i = 0; i < g.kernelH(); i++) {
                                for (int j = 0; j < g.kernelW(); j++) {
                                    int ih = oh * g.strideH() - g.padH() + i;
                                    int iw = ow * g.strideW() - g.padW() + j;
                                    if (ih >= 0 && ih < s.h() && iw >= 0 && iw < s.w()) {
                                        sum += (double) x[n * s.inImage() + (c * s.h() + ih) * s.w() + iw]
                                                * w[((o * s.inChannels() + c) * g.kernelH() + i) * g.kernelW() + j];
                                    }
                                }
                            }
                        }
                        y[((n * s.outChannels() + o) * s.outH() + oh) * s.outW() + ow] = sum;
                    }
                }
            }
        }
        return y;
    }
}
