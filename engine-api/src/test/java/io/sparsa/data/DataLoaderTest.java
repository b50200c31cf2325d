package io.sparsa.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataLoaderTest {
    private static final long SEED = 20240611L;

    /** n images of 2x3 pixels; image i has every pixel equal to (i + 1) / (n + 1) and label i % 4. */
    private static LabeledImages images(int n) {
        float[] px = new float[n * 6];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            Arrays.fill(px, i * 6, i * 6 + 6, (i + 1f) / (n + 1f));
            labels[i] = i % 4;
        }
        return new LabeledImages(px, labels, 1, 2, 3);
    }

    private static List<Batch> pass(DataLoader loader, int epoch, int batch, boolean shuffle) {
        List<Batch> out = new ArrayList<>();
        loader.epoch(epoch, batch, shuffle).forEach(out::add);
        return out;
    }

    @Test
    void batchesCoverEveryImageOnceWithASmallerLastBatch() {
        System.out.println("seed " + SEED);
        LabeledImages data = images(23);
        DataLoader loader = new DataLoader(data, Normalization.NONE, null, SEED);
        List<Batch> batches = pass(loader, 0, 5, true);
        assertEquals(5, batches.size());
        assertEquals(5, loader.batchCount(5));
        assertEquals(3, batches.get(4).count());
        assertArrayEquals(new int[]{3, 1, 2, 3}, batches.get(4).shape());
        boolean[] seen = new boolean[23];
        for (Batch b : batches) {
            for (int i = 0; i < b.count(); i++) {
                int index = Math.round(b.images()[i * 6] * 24f) - 1;
                assertFalse(seen[index], "image " + index + " seen twice");
                seen[index] = true;
                assertEquals(index % 4, b.labels()[i]);
            }
        }
        for (boolean s : seen) {
            assertTrue(s);
        }
    }

    @Test
    void shufflingDependsOnSeedAndEpochOnly() {
        DataLoader a = new DataLoader(images(50), Normalization.NONE, null, SEED);
        DataLoader b = new DataLoader(images(50), Normalization.NONE, null, SEED);
        assertArrayEquals(a.order(3, true), b.order(3, true));
        assertFalse(Arrays.equals(a.order(3, true), a.order(4, true)));
        DataLoader c = new DataLoader(images(50), Normalization.NONE, null, SEED + 1);
        assertFalse(Arrays.equals(a.order(3, true), c.order(3, true)));
        int[] identity = new int[50];
        Arrays.setAll(identity, i -> i);
        assertArrayEquals(identity, a.order(3, false));
        int[] sorted = a.order(3, true).clone();
        Arrays.sort(sorted);
        assertArrayEquals(identity, sorted);
    }

    @Test
    void normalisationAppliesMeanAndStd() {
        DataLoader loader = new DataLoader(images(3), Normalization.MNIST, null, SEED);
        Batch b = pass(loader, 0, 3, false).get(0);
        assertEquals((0.25f - 0.1307f) / 0.3081f, b.images()[0], 1e-6f);
        assertEquals((0.75f - 0.1307f) / 0.3081f, b.images()[17], 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> new Normalization(0f, 0f));
        assertThrows(IllegalArgumentException.class, () -> loader.epoch(0, 0, false));
    }

    @Test
    void paperNoiseSetsExactlyFloorOfEtaTimesPixels() {
        for (double eta = 0.0; eta <= 0.5 + 1e-9; eta += 0.05) {
            PaperPixelNoise noise = new PaperPixelNoise(eta);
            int expected = (int) Math.floor(784 * eta + 1e-9);
            assertEquals(expected, noise.noisyPixels(784), "eta " + eta);
            float[] img = new float[784];
            for (int i = 0; i < 784; i++) {
                img[i] = (i % 7) / 10f;
            }
            noise.apply(img, 0, 784, new Random(SEED));
            int changed = 0;
            for (int i = 0; i < 784; i++) {
                if (img[i] == PaperPixelNoise.NOISE_VALUE) {
                    changed++;
                } else {
                    assertEquals((i % 7) / 10f, img[i]);
                }
            }
            assertEquals(expected, changed, "eta " + eta);
        }
        assertEquals(39, new PaperPixelNoise(0.05).noisyPixels(784));
        assertEquals(392, new PaperPixelNoise(0.5).noisyPixels(784));
        assertEquals(0.7469f, PaperPixelNoise.NOISE_VALUE, 1e-6f);
    }

    @Test
    void noiseDependsOnTheImageNotOnBatchingOrOrder() {
        LabeledImages data = images(20);
        DataLoader loader = new DataLoader(data, Normalization.MNIST, new PaperPixelNoise(0.5), SEED);
        float[] bySix = concat(pass(loader, 0, 6, false));
        float[] byOne = concat(pass(loader, 0, 1, false));
        assertArrayEquals(bySix, byOne);
        float[] other = concat(pass(new DataLoader(data, Normalization.MNIST, new PaperPixelNoise(0.5), SEED + 7), 0, 6, false));
        assertFalse(Arrays.equals(bySix, other));
        float noisy = (PaperPixelNoise.NOISE_VALUE - 0.1307f) / 0.3081f;
        int count = 0;
        for (int i = 0; i < 6; i++) {
            count += bySix[i] == noisy ? 1 : 0;
        }
        assertEquals(3, count, "floor(6 * 0.5) pixels of image 0 are noise, after normalisation");
    }

    @Test
    void gaussianNoiseIsClampedAndHasTheRightSpread() {
        float[] img = new float[20000];
        Arrays.fill(img, 0.5f);
        new GaussianNoise(0.1).apply(img, 0, img.length, new Random(SEED));
        double sum = 0;
        double sq = 0;
        for (float v : img) {
            sum += v;
            sq += (v - 0.5) * (v - 0.5);
        }
        assertEquals(0.5, sum / img.length, 0.005);
        assertEquals(0.1, Math.sqrt(sq / img.length), 0.005);
        float[] edge = new float[1000];
        new GaussianNoise(0.8).apply(edge, 0, edge.length, new Random(SEED));
        int zeros = 0;
        for (float v : edge) {
            assertTrue(v >= 0f && v <= 1f);
            zeros += v == 0f ? 1 : 0;
        }
        assertTrue(zeros > 400 && zeros < 600, "about half the pixels of a black image clamp to 0, got " + zeros);
        assertThrows(IllegalArgumentException.class, () -> new GaussianNoise(-1));
    }

    private static float[] concat(List<Batch> batches) {
        int n = batches.stream().mapToInt(b -> b.images().length).sum();
        float[] out = new float[n];
        int at = 0;
        for (Batch b : batches) {
            System.arraycopy(b.images(), 0, out, at, b.images().length);
            at += b.images().length;
        }
        return out;
    }
}
