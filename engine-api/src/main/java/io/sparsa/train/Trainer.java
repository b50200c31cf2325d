package io.sparsa.train;

import io.sparsa.data.Batch;
import io.sparsa.data.DataLoader;
import io.sparsa.nn.Sequential;
import io.sparsa.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The training loop: for each epoch, set the learning rate from the step schedule, run every
 * batch (forward, cross-entropy, backward, SGD step), then decay every k-winners layer's boost
 * strength (nupic.torch's {@code update_boost_strength}, once per epoch) and report. The first
 * epoch may use its own batch size. Given the same model seed, loader seed and configuration, a
 * run on a deterministic backend repeats bit for bit.
 *
 * <pre>{@code
 * try (Sequential model = Sequential.builder(backend, seed, 1, 28, 28).flatten()
 *         .sparseLinear(256, 0.7).kWinners(40, 1.5, Boosting.DEFAULT).linear(10).build()) {
 *     DataLoader train = new DataLoader(dataset.train(), Normalization.MNIST, null, seed);
 *     TrainingConfig config = TrainingConfig.of(3, 64, 0.01f).withFirstEpochBatchSize(4).withLrGamma(0.8f);
 *     List<EpochResult> history = new Trainer(model, config).onEpoch(System.out::println).fit(train);
 *     Evaluation test = Evaluator.evaluate(model, new DataLoader(dataset.test(), Normalization.MNIST, null, seed), 512);
 * }
 * }</pre>
 */
public final class Trainer {
    private final Sequential model;
    private final TrainingConfig config;
    private final List<Consumer<BatchProgress>> batchHooks = new ArrayList<>();
    private final List<Consumer<EpochResult>> epochHooks = new ArrayList<>();
    private volatile boolean stopRequested;
    private boolean stopped;

    public Trainer(Sequential model, TrainingConfig config) {
        this.model = model;
        this.config = config;
    }

    /** Adds a hook run after every batch's optimizer step. */
    public Trainer onBatch(Consumer<BatchProgress> hook) {
        batchHooks.add(hook);
        return this;
    }

    /** Adds a hook run after every epoch (after the boost-strength decay). */
    public Trainer onEpoch(Consumer<EpochResult> hook) {
        epochHooks.add(hook);
        return this;
    }

    /**
     * Asks a running {@link #fit} to stop after the current batch (safe from another thread, e.g.
     * a shutdown hook); the model keeps what it learned so far.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /** Whether the last {@link #fit} ended early through {@link #requestStop()}. */
    public boolean wasStopped() {
        return stopped;
    }

    /** Trains on {@code data}; returns one result per completed epoch. */
    public List<EpochResult> fit(DataLoader data) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("cannot train on an empty data set");
        }
        List<EpochResult> history = new ArrayList<>();
        StepLr schedule = new StepLr(config.learningRate(), config.lrGamma());
        stopped = false;
        try (Sgd sgd = new Sgd(model, config.learningRate(), config.momentum(), config.weightDecay());
             CrossEntropyLoss loss = new CrossEntropyLoss(model.backend());
             DeviceBatch device = new DeviceBatch(model.backend(), model.inputShape())) {
            model.train();
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                long start = System.nanoTime();
                float lr = schedule.rate(epoch);
                sgd.setLearningRate(lr);
                int batchSize = config.batchSizeFor(epoch);
                int batches = data.batchCount(batchSize);
                double lossSum = 0;
                int correct = 0;
                int seen = 0;
                int index = 0;
                for (Batch batch : data.epoch(epoch, batchSize, config.shuffle())) {
                    if (stopRequested) {
                        break;
                    }
                    Tensor logits = model.forward(device.upload(batch));
                    float l = loss.forward(logits, device.labels());
                    int[] predicted = device.predict(logits);
                    model.backward(loss.backward());
                    sgd.step();
                    for (int i = 0; i < predicted.length; i++) {
                        correct += predicted[i] == batch.labels()[i] ? 1 : 0;
                    }
                    lossSum += (double) l * batch.count();
                    seen += batch.count();
                    BatchProgress progress = new BatchProgress(epoch, index++, batches, batch.count(), l);
                    batchHooks.forEach(h -> h.accept(progress));
                }
                if (stopRequested) {
                    stopped = true;
                    break;
                }
                model.updateBoostStrength();
                EpochResult result = new EpochResult(epoch, batchSize, lr, lossSum / seen, (double) correct / seen, seen,
                        (System.nanoTime() - start) / 1e9);
                history.add(result);
                epochHooks.forEach(h -> h.accept(result));
            }
        } finally {
            stopRequested = false;
        }
        return history;
    }
}
