package io.sparsa.experiments.model;

import io.sparsa.train.TrainingConfig;

import java.util.Locale;

/**
 * How one network is trained: the paper's settings, or a reduced copy for a shorter run.
 *
 * @param epochs              passes over the training images
 * @param batchSize           images per batch after the first epoch
 * @param firstEpochBatchSize images per batch in the first epoch (the paper uses 4 for its sparse networks)
 * @param learningRate        SGD learning rate of the first epoch
 * @param momentum            SGD momentum
 * @param lrGamma             learning-rate factor applied after every epoch
 */
public record TrainingSettings(int epochs, int batchSize, int firstEpochBatchSize, float learningRate, float momentum,
                               float lrGamma) {
    public TrainingSettings {
        // the engine's config validates every field with messages naming them
        new TrainingConfig(epochs, batchSize, firstEpochBatchSize, learningRate, momentum, 0f, lrGamma, true);
    }

    /** The paper's shared MNIST settings: 15 epochs, batch 64, lr 0.01, gamma 0.8, momentum 0. */
    public static final TrainingSettings PAPER_SHARED = new TrainingSettings(15, 64, 64, 0.01f, 0f, 0.8f);

    /** The engine's training configuration (shuffled, no weight decay). */
    public TrainingConfig toConfig() {
        return new TrainingConfig(epochs, batchSize, firstEpochBatchSize, learningRate, momentum, 0f, lrGamma, true);
    }

    public TrainingSettings withEpochs(int n) {
        return new TrainingSettings(n, batchSize, firstEpochBatchSize, learningRate, momentum, lrGamma);
    }

    public TrainingSettings withBatchSize(int n) {
        return new TrainingSettings(epochs, n, firstEpochBatchSize == batchSize ? n : firstEpochBatchSize,
                learningRate, momentum, lrGamma);
    }

    public TrainingSettings withFirstEpochBatchSize(int n) {
        return new TrainingSettings(epochs, batchSize, n, learningRate, momentum, lrGamma);
    }

    public TrainingSettings withLearningRate(float lr) {
        return new TrainingSettings(epochs, batchSize, firstEpochBatchSize, lr, momentum, lrGamma);
    }

    public TrainingSettings withMomentum(float m) {
        return new TrainingSettings(epochs, batchSize, firstEpochBatchSize, learningRate, m, lrGamma);
    }

    /** One line, e.g. {@code 10 epochs, batch 64 (first epoch 4), lr 0.02 x0.8/epoch, momentum 0}. */
    public String describe() {
        return String.format(Locale.ROOT, "%d epoch%s, batch %d%s, lr %s x%s/epoch, momentum %s", epochs,
                epochs == 1 ? "" : "s", batchSize,
                firstEpochBatchSize != batchSize ? " (first epoch " + firstEpochBatchSize + ")" : "",
                number(learningRate), number(lrGamma), number(momentum));
    }

    private static String number(float v) {
        String s = Float.toString(v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
