package io.sparsa.cpu.conv;

import java.util.Arrays;
import java.util.Random;

/**
 * Times the branching loop against the branch-free forward pass, alternately in one JVM and one
 * thread, on a post-ReLU-like {@code [64, 32, 24, 24]} input (about half zeros), kernel 2,
 * stride 2; prints medians. A manual tool, not a test: run its main from the test classpath.
 */
public final class MaxPoolTiming {
    private MaxPoolTiming() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int planes = 64 * 32;
        int h = 24;
        int w = 24;
        int kernel = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int stride = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        long seed = System.nanoTime();
        System.out.println("seed " + seed + ", kernel " + kernel + ", stride " + stride);
        Random r = new Random(seed);
        float[] x = new float[planes * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextBoolean() ? 0f : r.nextFloat();
        }
        int outH = (h - kernel) / stride + 1;
        int outW = (w - kernel) / stride + 1;
        int perIn = h * w;
        int perOut = outH * outW;
        float[] y = new float[planes * perOut];
        int[] argmax = new int[planes * perOut];
        long[] branching = new long[rounds];
        long[] branchFree = new long[rounds];
        for (int round = 0; round < rounds; round++) {
            long t0 = System.nanoTime();
            for (int p = 0; p < planes; p++) {
                MaxPool2d.branchingPlane(x, p * perIn, h, w, kernel, stride, y, argmax, p * perOut);
            }
            long t1 = System.nanoTime();
            for (int p = 0; p < planes; p++) {
                MaxPool2d.forwardPlane(x, p * perIn, h, w, kernel, stride, y, argmax, p * perOut);
            }
            long t2 = System.nanoTime();
            branching[round] = t1 - t0;
            branchFree[round] = t2 - t1;
        }
        int warm = rounds / 4;
        double old = median(Arrays.copyOfRange(branching, warm, rounds));
        double neu = median(Arrays.copyOfRange(branchFree, warm, rounds));
        System.out.printf("branching %.3f ms, branch-free %.3f ms (median of %d rounds after %d warm-up), ratio %.2f%n",
                old / 1e6, neu / 1e6, rounds - warm, warm, old / neu);
    }

    private static double median(long[] a) {
        long[] s = a.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }
}
