package io.sparsa.experiments.classifier;

import io.sparsa.data.ImageTransform;
import io.sparsa.data.LabeledImages;
import io.sparsa.train.Evaluation;

/**
 * A trained model as the tests see it: it labels test images, clean or changed by noise. Networks
 * ({@link NetworkClassifier}) and the spatial-pooler baseline ({@link SpatialPoolerKnn}) both
 * answer through this, so every row of the results is measured on exactly the same images.
 */
public interface ImageClassifier {
    /**
     * Labels every image of {@code test} after applying {@code transform} to it (none when null), in
     * pixel units ([0, 1]) and with the randomness of image {@code i} drawn as a
     * {@link io.sparsa.data.DataLoader} seeded with {@code seed} draws it in its epoch 0: two
     * classifiers given the same seed see the same noisy images.
     *
     * @return correct answers and total; {@link Evaluation#meanLoss()} is the mean cross-entropy,
     * or NaN for a classifier without a loss
     */
    Evaluation evaluate(LabeledImages test, ImageTransform transform, long seed);
}
