package io.sparsa.train;

/**
 * Settings of a training run.
 *
 * @param epochs              passes over the training data, >= 1
 * @param batchSize           images per batch after the first epoch
 * @param firstEpochBatchSize images per batch in epoch 0 (the paper uses 4 for its sparse networks,
 *                            to let the duty cycles settle); equal to batchSize for none
 * @param learningRate        SGD learning rate of epoch 0
 * @param momentum            SGD momentum, in [0, 1)
 * @param weightDecay         SGD weight decay (L2), >= 0
 * @param lrGamma             learning-rate factor per epoch, in (0, 1] (1 = constant)
 * @param shuffle             whether each epoch visits the images in a fresh seeded order
 */
public record TrainingConfig(int epochs, int batchSize, int firstEpochBatchSize, float learningRate, float momentum,
                             float weightDecay, float lrGamma, boolean shuffle) {
    public TrainingConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1 || firstEpochBatchSize < 1) {
            throw new IllegalArgumentException("batch sizes must be >= 1, got batchSize=" + batchSize
                    + ", firstEpochBatchSize=" + firstEpochBatchSize);
        }
        new StepLr(learningRate, lrGamma);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
    }

    /** Plain settings: one batch size, no momentum, no decay, constant rate, shuffled. */
    public static TrainingConfig of(int epochs, int batchSize, float learningRate) {
        return new TrainingConfig(epochs, batchSize, batchSize, learningRate, 0f, 0f, 1f, true);
    }

    public TrainingConfig withFirstEpochBatchSize(int n) {
        return new TrainingConfig(epochs, batchSize, n, learningRate, momentum, weightDecay, lrGamma, shuffle);
    }

    public TrainingConfig withMomentum(float m) {
        return new TrainingConfig(epochs, batchSize, firstEpochBatchSize, learningRate, m, weightDecay, lrGamma, shuffle);
    }

    public TrainingConfig withWeightDecay(float wd) {
        return new TrainingConfig(epochs, batchSize, firstEpochBatchSize, learningRate, momentum, wd, lrGamma, shuffle);
    }

    public TrainingConfig withLrGamma(float gamma) {
        return new TrainingConfig(epochs, batchSize, firstEpochBatchSize, learningRate, momentum, weightDecay, gamma,
                shuffle);
    }

    public TrainingConfig withShuffle(boolean s) {
        return new TrainingConfig(epochs, batchSize, firstEpochBatchSize, learningRate, momentum, weightDecay, lrGamma, s);
    }

    /** The batch size of {@code epoch} (from 0). */
    public int batchSizeFor(int epoch) {
        return epoch == 0 ? firstEpochBatchSize : batchSize;
    }
}
