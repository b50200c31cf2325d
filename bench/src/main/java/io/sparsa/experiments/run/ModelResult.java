package io.sparsa.experiments.run;

import io.sparsa.experiments.model.Network;
import io.sparsa.experiments.model.TrainingSettings;
import io.sparsa.experiments.noise.NoiseKind;
import io.sparsa.experiments.noise.NoiseResult;
import io.sparsa.train.EpochResult;

import java.util.List;
import java.util.Optional;

/**
 * Everything measured for one trained model and seed.
 *
 * @param network       the network
 * @param seed          the seed of its weights, masks, shuffling and test noise
 * @param dataset       the dataset's name
 * @param backend       the backend it ran on
 * @param settings      how it was trained
 * @param history       one entry per epoch
 * @param trainImages   training images per epoch
 * @param testImages    test images
 * @param testCorrect   correct answers on the clean test images
 * @param testLoss      mean cross-entropy on the clean test images
 * @param noise         one result per noise test
 * @param modelFile     where the trained model was saved, relative to the output directory
 */
public record ModelResult(Network network, long seed, String dataset, String backend, TrainingSettings settings,
                          List<EpochResult> history, int trainImages, int testImages, int testCorrect,
                          double testLoss, List<NoiseResult> noise, String modelFile) {
    public ModelResult {
        history = List.copyOf(history);
        noise = List.copyOf(noise);
    }

    public String model() {
        return network.name();
    }

    public double testAccuracy() {
        return testImages == 0 ? 0 : (double) testCorrect / testImages;
    }

    /** Wall time of all epochs. */
    public double trainSeconds() {
        return history.stream().mapToDouble(EpochResult::seconds).sum();
    }

    /** Training images per second over all epochs. */
    public double trainImagesPerSecond() {
        double s = trainSeconds();
        return s > 0 ? history.stream().mapToLong(EpochResult::images).sum() / s : 0;
    }

    /** The result of one noise test, if it was run. */
    public Optional<NoiseResult> noise(NoiseKind kind) {
        return noise.stream().filter(n -> n.kind() == kind).findFirst();
    }
}
