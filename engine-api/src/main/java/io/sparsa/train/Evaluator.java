package io.sparsa.train;

import io.sparsa.data.Batch;
import io.sparsa.data.DataLoader;
import io.sparsa.nn.Sequential;
import io.sparsa.tensor.Tensor;

/**
 * Runs a classifier in evaluation mode over a data set (in order, unshuffled) and restores its
 * previous mode afterwards.
 */
public final class Evaluator {
    private Evaluator() {
    }

    /** Accuracy and mean loss of {@code model} on every image of {@code data}. */
    public static Evaluation evaluate(Sequential model, DataLoader data, int batchSize) {
        int[] correct = {0};
        double[] lossSum = {0};
        run(model, data, batchSize, (batch, logits, loss, device) -> {
            lossSum[0] += (double) loss.forward(logits, device.labels()) * batch.count();
            int[] predicted = device.predict(logits);
            for (int i = 0; i < predicted.length; i++) {
                if (predicted[i] == batch.labels()[i]) {
                    correct[0]++;
                }
            }
        });
        return new Evaluation(correct[0], data.size(), data.size() == 0 ? 0 : lossSum[0] / data.size());
    }

    /** The predicted class of every image of {@code data}, in order. */
    public static int[] predict(Sequential model, DataLoader data, int batchSize) {
        int[] out = new int[data.size()];
        int[] at = {0};
        run(model, data, batchSize, (batch, logits, loss, device) -> {
            int[] p = device.predict(logits);
            System.arraycopy(p, 0, out, at[0], p.length);
            at[0] += p.length;
        });
        return out;
    }

    /** The network's outputs for every image of {@code data}, row-major {@code [N, classes]}. */
    public static float[] outputs(Sequential model, DataLoader data, int batchSize) {
        int classes = 1;
        for (int d : model.outputShape()) {
            classes *= d;
        }
        float[] out = new float[data.size() * classes];
        int[] at = {0};
        run(model, data, batchSize, (batch, logits, loss, device) -> {
            float[] v = logits.toFloatArray();
            System.arraycopy(v, 0, out, at[0], v.length);
            at[0] += v.length;
        });
        return out;
    }

    private interface BatchConsumer {
        void accept(Batch batch, Tensor logits, CrossEntropyLoss loss, DeviceBatch device);
    }

    private static void run(Sequential model, DataLoader data, int batchSize, BatchConsumer consumer) {
        boolean wasTraining = model.isTraining();
        model.eval();
        try (DeviceBatch device = new DeviceBatch(model.backend(), model.inputShape());
             CrossEntropyLoss loss = new CrossEntropyLoss(model.backend())) {
            for (Batch batch : data.epoch(0, batchSize, false)) {
                Tensor logits = model.forward(device.upload(batch));
                consumer.accept(batch, logits.reshape(batch.count(), -1), loss, device);
            }
        } finally {
            if (wasTraining) {
                model.train();
            }
        }
    }
}
