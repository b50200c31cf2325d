package io.sparsa.train;

/**
 * Progress after one training batch, for per-batch hooks (progress bars, custom updates).
 *
 * @param epoch   the epoch, from 0
 * @param batch   the batch within the epoch, from 0
 * @param batches batches in this epoch
 * @param images  images in this batch
 * @param loss    this batch's mean loss
 */
public record BatchProgress(int epoch, int batch, int batches, int images, float loss) {
}
