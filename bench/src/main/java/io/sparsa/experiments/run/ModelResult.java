package io.sparsa.experiments.run;

import io.sparsa.experiments.model.ComparedModel;
import io.sparsa.experiments.model.TrainingSettings;
import io.sparsa.experiments.noise.NoiseKind;
import io.sparsa.experiments.noise.NoiseResult;
import io.sparsa.train.EpochResult;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything measured for one trained model and seed.
 *
 * @param model         the model: a network or a baseline
 * @param seed          the seed of its weights, masks, shuffling (or its pooler) and of the test noise
 * @param dataset       the dataset's name
 * @param backend       the backend it ran on
 * @param settings      how it was trained by gradient descent; null for a model that is not (a baseline)
 * @param history       one entry per epoch of gradient descent (none for a baseline)
 * @param trainSeconds  wall time of training: the epochs, or a baseline's encoding and storing of the
 *                      training images
 * @param trainImages   training images per epoch
 * @param testImages    test images
 * @param testCorrect   correct answers on the clean test images
 * @param testLoss      mean cross-entropy on the clean test images; NaN for a model without a loss
 * @param noise         one result per noise test
 * @param details       what else describes this run, by name, in order (a network's parameter count, a
 *                      baseline's active columns and k); values are numbers or text
 * @param modelFile     where the trained model was saved, relative to the output directory; null when
 *                      it is not saved (a baseline is rebuilt from its configuration and seed)
 */
public record ModelResult(ComparedModel model, long seed, String dataset, String backend, TrainingSettings settings,
                          List<EpochResult> history, double trainSeconds, int trainImages, int testImages,
                          int testCorrect, double testLoss, List<NoiseResult> noise, Map<String, Object> details,
                          String modelFile) {
    /** How a model not trained by gradient descent is described. */
    public static final String NO_GRADIENT_DESCENT = "no gradient descent: training images encoded and stored";

    public ModelResult {
        history = List.copyOf(history);
        noise = List.copyOf(noise);
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** A network's result: trained for {@code history}, whose epochs' wall times make the training time. */
    public static ModelResult fromEpochs(ComparedModel model, long seed, String dataset, String backend,
                                      TrainingSettings settings, List<EpochResult> history, int trainImages,
                                      int testImages, int testCorrect, double testLoss, List<NoiseResult> noise,
                                      Map<String, Object> details, String modelFile) {
        double seconds = history.stream().mapToDouble(EpochResult::seconds).sum();
        return new ModelResult(model, seed, dataset, backend, settings, history, seconds, trainImages, testImages,
                testCorrect, testLoss, noise, details, modelFile);
    }

    /** The model's name ({@code sparse-cnn-2}). */
    public String name() {
        return model.name();
    }

    public double testAccuracy() {
        return testImages == 0 ? 0 : (double) testCorrect / testImages;
    }

    /** Epochs of gradient descent (0 for a model not trained by it). */
    public int epochs() {
        return settings == null ? 0 : settings.epochs();
    }

    /** How it was trained, in one line. */
    public String training() {
        return settings != null ? settings.describe() : NO_GRADIENT_DESCENT;
    }

    /** Training images per second: the images of every epoch, or the images a baseline stored. */
    public double trainImagesPerSecond() {
        long images = history.isEmpty() ? trainImages : history.stream().mapToLong(EpochResult::images).sum();
        return trainSeconds > 0 ? images / trainSeconds : 0;
    }

    /** The result of one noise test, if it was run. */
    public Optional<NoiseResult> noise(NoiseKind kind) {
        return noise.stream().filter(n -> n.kind() == kind).findFirst();
    }
}
