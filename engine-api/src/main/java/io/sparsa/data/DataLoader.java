package io.sparsa.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Cuts a {@link LabeledImages} set into batches: optionally shuffled, each image optionally
 * transformed (noise) and then normalised. Everything random is derived from the loader's seed,
 * the epoch and the image's index (see {@link Seeds}), so the same seed gives the same batches
 * whatever was drawn before. The last batch of a pass may be smaller (nothing is dropped).
 */
public final class DataLoader {
    private final LabeledImages data;
    private final Normalization normalization;
    private final ImageTransform transform;
    private final long seed;

    /**
     * @param normalization applied to every pixel after the transform
     * @param transform     applied to each image before normalisation; null for none
     * @param seed          seeds shuffling and the transform
     */
    public DataLoader(LabeledImages data, Normalization normalization, ImageTransform transform, long seed) {
        if (data == null || normalization == null) {
            throw new IllegalArgumentException("data and normalization must not be null");
        }
        this.data = data;
        this.normalization = normalization;
        this.transform = transform;
        this.seed = seed;
    }

    /** The same data, normalisation and seed with another transform (null for none). */
    public DataLoader withTransform(ImageTransform other) {
        return new DataLoader(data, normalization, other, seed);
    }

    public LabeledImages data() {
        return data;
    }

    /** Number of images per pass. */
    public int size() {
        return data.size();
    }

    public long seed() {
        return seed;
    }

    /** Batches per pass for {@code batchSize}: {@code ceil(size / batchSize)}. */
    public int batchCount(int batchSize) {
        checkBatchSize(batchSize);
        return (data.size() + batchSize - 1) / batchSize;
    }

    /**
     * The order in which a pass visits the images: {@code 0, 1, ...} unless {@code shuffle}, else a
     * uniform permutation (Fisher-Yates) drawn from the seed and {@code epoch}.
     */
    public int[] order(int epoch, boolean shuffle) {
        int n = data.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            Random r = new Random(Seeds.derive(seed, 0x5348_5546L, epoch));
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    /** One pass over the data for {@code epoch}, in batches of {@code batchSize}. */
    public Iterable<Batch> epoch(int epoch, int batchSize, boolean shuffle) {
        checkBatchSize(batchSize);
        int[] order = order(epoch, shuffle);
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < order.length;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the pass has no more batches");
                }
                int count = Math.min(batchSize, order.length - next);
                Batch b = assemble(order, next, count, epoch);
                next += count;
                return b;
            }
        };
    }

    private Batch assemble(int[] order, int from, int count, int epoch) {
        int size = data.imageSize();
        float[] images = new float[count * size];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int index = order[from + i];
            data.copyImage(index, images, i * size);
            labels[i] = data.label(index);
            if (transform != null) {
                transform.apply(images, i * size, size, new Random(Seeds.derive(seed, 0x4E4F_4953L, epoch, index)));
            }
        }
        normalization.apply(images, 0, images.length);
        return new Batch(images, labels, data.imageShape());
    }

    private static void checkBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
    }
}
