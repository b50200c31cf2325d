package io.sparsa.train;

/**
 * The result of evaluating a classifier on a data set.
 *
 * @param correct  images classified correctly
 * @param total    images evaluated
 * @param meanLoss mean cross-entropy
 */
public record Evaluation(int correct, int total, double meanLoss) {
    /** {@code correct / total}. */
    public double accuracy() {
        return total == 0 ? 0 : (double) correct / total;
    }
}
