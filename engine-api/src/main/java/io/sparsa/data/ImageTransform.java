package io.sparsa.data;

import java.util.Random;

/**
 * Changes one image's pixels (in [0, 1], before normalisation) in place, for example by adding
 * noise. Implementations draw every random number from the generator they are given, which the
 * {@link DataLoader} seeds per image, so a transformed image depends only on the seed and on the
 * image's index.
 */
@FunctionalInterface
public interface ImageTransform {
    /** Transforms {@code pixels[offset .. offset + length)}: one image. */
    void apply(float[] pixels, int offset, int length, Random random);
}
