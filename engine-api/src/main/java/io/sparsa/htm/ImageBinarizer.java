package io.sparsa.htm;

import io.sparsa.data.LabeledImages;

/**
 * Turns grey images into the binary input bits of a spatial pooler: a pixel is on when its value,
 * scaled to [0, 1] (grey level / 255, as {@link LabeledImages} holds it), is strictly greater than
 * the threshold. The default threshold {@value #DEFAULT_THRESHOLD} keeps the pen strokes of MNIST
 * digits (about 100 of 784 pixels on) and drops the anti-aliased fringe.
 */
public final class ImageBinarizer {
    /** The threshold used unless another is given: a pixel is on when {@code value > 0.5}. */
    public static final float DEFAULT_THRESHOLD = 0.5f;

    private ImageBinarizer() {
    }

    /** Bit {@code c * H * W + h * W + w} of row {@code i} is pixel (c, h, w) of image i, on when above {@code threshold}. */
    public static BinaryCodes binarize(LabeledImages images, float threshold) {
        if (!(threshold >= 0f && threshold < 1f)) {
            throw new IllegalArgumentException("binarisation threshold must lie in [0, 1), got " + threshold);
        }
        int size = images.imageSize();
        float[] pixels = new float[images.size() * size];
        for (int i = 0; i < images.size(); i++) {
            images.copyImage(i, pixels, i * size);
        }
        return BinaryCodes.fromDense(pixels, size, threshold);
    }

    /** As {@link #binarize(LabeledImages, float)} with {@link #DEFAULT_THRESHOLD}. */
    public static BinaryCodes binarize(LabeledImages images) {
        return binarize(images, DEFAULT_THRESHOLD);
    }
}
