package io.sparsa.experiments.classifier;

import io.sparsa.data.Batch;
import io.sparsa.data.DataLoader;
import io.sparsa.data.ImageTransform;
import io.sparsa.data.LabeledImages;
import io.sparsa.data.Normalization;
import io.sparsa.htm.SpatialPoolerClassifier;
import io.sparsa.train.Evaluation;

/**
 * A fitted spatial pooler + k-NN classifier: images are transformed in pixel units (no
 * normalisation: the pooler binarises grey levels), encoded as active columns and labelled by
 * their nearest stored codes, {@code batch} images at a time.
 *
 * @param classifier the pooler and classifier, already fitted (not closed here)
 * @param batch      images encoded and classified per step
 */
public record SpatialPoolerKnn(SpatialPoolerClassifier classifier, int batch) implements ImageClassifier {
    public SpatialPoolerKnn {
        if (classifier == null) {
            throw new IllegalArgumentException("classifier must not be null");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        }
    }

    /** The k-NN has no loss: {@link Evaluation#meanLoss()} is NaN. */
    @Override
    public Evaluation evaluate(LabeledImages test, ImageTransform transform, long seed) {
        if (classifier.classifier().size() == 0) {
            throw new IllegalStateException("the k-NN classifier holds no codes: fit it on the training images first");
        }
        // the same loader the networks' tests use, without normalisation, so the noisy pixels are identical
        DataLoader loader = new DataLoader(test, Normalization.NONE, transform, seed);
        int correct = 0;
        for (Batch b : loader.epoch(0, batch, false)) {
            int[] shape = b.imageShape();
            LabeledImages images = new LabeledImages(b.images(), b.labels(), shape[0], shape[1], shape[2]);
            int[] predicted = classifier.classifier().predict(classifier.encode(images));
            for (int i = 0; i < predicted.length; i++) {
                correct += predicted[i] == b.labels()[i] ? 1 : 0;
            }
        }
        return new Evaluation(correct, test.size(), Double.NaN);
    }
}
