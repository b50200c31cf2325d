package io.sparsa.data;

import io.sparsa.tensor.Shapes;

import java.util.Arrays;

/**
 * Images with their class labels, held on the host. Pixels are floats in [0, 1] (grey level / 255),
 * image {@code i} occupying {@code pixels[i * imageSize() .. (i + 1) * imageSize())} in
 * channel, row, column order.
 */
public final class LabeledImages {
    private final float[] pixels;
    private final int[] labels;
    private final int channels;
    private final int height;
    private final int width;

    /**
     * @param pixels   {@code labels.length * channels * height * width} values in [0, 1] (not copied)
     * @param labels   one class index per image, each >= 0 (not copied)
     */
    public LabeledImages(float[] pixels, int[] labels, int channels, int height, int width) {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("image shape must be positive, got " + Shapes.format(channels, height, width));
        }
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(labels.length + " images of " + Shapes.format(channels, height, width)
                    + " need " + expected + " pixels, got " + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("label " + i + " must be >= 0, got " + labels[i]);
            }
        }
        this.pixels = pixels;
        this.labels = labels;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    /**
     * Builds the set from an IDX image file ({@code [count, height, width]}) and an IDX label file
     * ({@code [count]}), checking that they agree.
     */
    public static LabeledImages fromIdx(IdxArray images, IdxArray labels) throws IdxFormatException {
        if (images.rank() != 3) {
            throw new IdxFormatException("image file " + images.source() + " must have 3 dimensions [count, height, width], got "
                    + Shapes.format(images.dimensions()));
        }
        if (labels.rank() != 1) {
            throw new IdxFormatException("label file " + labels.source() + " must have 1 dimension [count], got "
                    + Shapes.format(labels.dimensions()));
        }
        int n = images.dimension(0);
        if (labels.dimension(0) != n) {
            throw new IdxFormatException("image file " + images.source() + " holds " + n + " images but label file "
                    + labels.source() + " holds " + labels.dimension(0) + " labels");
        }
        if (images.dimension(1) == 0 || images.dimension(2) == 0) {
            throw new IdxFormatException("image file " + images.source() + " has empty images: "
                    + Shapes.format(images.dimensions()));
        }
        byte[] raw = images.data();
        float[] px = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            px[i] = (raw[i] & 0xFF) / 255f;
        }
        int[] lab = new int[n];
        for (int i = 0; i < n; i++) {
            lab[i] = labels.unsigned(i);
        }
        return new LabeledImages(px, lab, 1, images.dimension(1), images.dimension(2));
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Pixels per image: {@code channels * height * width}. */
    public int imageSize() {
        return channels * height * width;
    }

    /** The per-image shape {@code [channels, height, width]}. */
    public int[] imageShape() {
        return new int[]{channels, height, width};
    }

    /** Label of image {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** A copy of the labels. */
    public int[] labels() {
        return labels.clone();
    }

    /** Copies image {@code i}'s pixels into {@code dst} at {@code offset}. */
    public void copyImage(int i, float[] dst, int offset) {
        System.arraycopy(pixels, i * imageSize(), dst, offset, imageSize());
    }

    /** Number of classes: the largest label plus one. */
    public int classCount() {
        int max = -1;
        for (int l : labels) {
            max = Math.max(max, l);
        }
        return max + 1;
    }

    /** Images {@code [from, to)} as a new set (copied). */
    public LabeledImages slice(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") is outside [0, " + size() + "]");
        }
        int s = imageSize();
        return new LabeledImages(Arrays.copyOfRange(pixels, from * s, to * s), Arrays.copyOfRange(labels, from, to),
                channels, height, width);
    }
}
