package io.sparsa.experiments.classifier;

import io.sparsa.data.DataLoader;
import io.sparsa.data.ImageTransform;
import io.sparsa.data.LabeledImages;
import io.sparsa.data.Normalization;
import io.sparsa.nn.Sequential;
import io.sparsa.train.Evaluation;
import io.sparsa.train.Evaluator;

/**
 * A trained network: images are transformed, then normalised as in training, and classified in
 * evaluation mode, {@code batch} at a time.
 *
 * @param model         the network (not closed here)
 * @param normalization applied after the transform, as in training
 * @param batch         images per forward pass
 */
public record NetworkClassifier(Sequential model, Normalization normalization, int batch) implements ImageClassifier {
    public NetworkClassifier {
        if (model == null || normalization == null) {
            throw new IllegalArgumentException("model and normalization must not be null");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        }
    }

    @Override
    public Evaluation evaluate(LabeledImages test, ImageTransform transform, long seed) {
        return Evaluator.evaluate(model, new DataLoader(test, normalization, transform, seed), batch);
    }
}
