package io.sparsa.train;

/**
 * What one training epoch did.
 *
 * @param epoch         the epoch, from 0
 * @param batchSize     its batch size
 * @param learningRate  its learning rate
 * @param meanLoss      mean training loss over its images
 * @param trainAccuracy fraction of its images classified correctly while training (before each step)
 * @param images        images trained on
 * @param seconds       wall time
 */
public record EpochResult(int epoch, int batchSize, float learningRate, double meanLoss, double trainAccuracy,
                          int images, double seconds) {
    /** Training throughput. */
    public double imagesPerSecond() {
        return seconds > 0 ? images / seconds : 0;
    }
}
