package io.sparsa.train;

import io.sparsa.data.DataLoader;
import io.sparsa.data.Dataset;
import io.sparsa.data.Datasets;
import io.sparsa.data.LabeledImages;
import io.sparsa.data.Normalization;
import io.sparsa.nn.Boosting;
import io.sparsa.nn.KWinners;
import io.sparsa.nn.KWinners2d;
import io.sparsa.nn.Layer;
import io.sparsa.nn.Sequential;
import io.sparsa.nn.StateTensor;
import io.sparsa.reference.ReferenceBackend;
import io.sparsa.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {
    private static final long SEED = 31337L;
    private static ReferenceBackend backend;
    private static LabeledImages digits;

    @BeforeAll
    static void start() throws IOException {
        backend = new ReferenceBackend();
        Dataset mnist = Datasets.load("mnist");
        digits = mnist.train().slice(0, 300);
        System.out.println("TrainerTest seed " + SEED);
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    private static Sequential smallCnn(long seed) {
        return Sequential.builder(backend, seed, 1, 28, 28).conv2d(4, 5, 1, 0).maxPool2d(2)
                .kWinners2d(100, 1.5, new Boosting(1.5, 0.85, 1000)).flatten().sparseLinear(32, 0.7)
                .kWinners(8, 1.5, new Boosting(1.5, 0.85, 1000)).dropout(0.1).linear(10).build();
    }

    private static List<float[]> weights(Sequential net) {
        List<float[]> out = new ArrayList<>();
        for (Layer l : net.layers()) {
            for (StateTensor s : l.state()) {
                out.add(s.kind() == StateTensor.Kind.INT64 ? new float[]{s.longs()[0]} : s.floats());
            }
        }
        return out;
    }

    private static TrainingConfig config() {
        return TrainingConfig.of(2, 25, 0.02f).withFirstEpochBatchSize(4).withMomentum(0.5f).withWeightDecay(1e-4f)
                .withLrGamma(0.8f);
    }

    @Test
    void twoRunsWithTheSameSeedGiveIdenticalWeights() {
        List<float[]> first;
        List<float[]> second;
        List<float[]> other;
        try (Sequential a = smallCnn(SEED)) {
            new Trainer(a, config()).fit(new DataLoader(digits, Normalization.MNIST, null, SEED));
            first = weights(a);
        }
        try (Sequential b = smallCnn(SEED)) {
            new Trainer(b, config()).fit(new DataLoader(digits, Normalization.MNIST, null, SEED));
            second = weights(b);
        }
        try (Sequential c = smallCnn(SEED)) {
            new Trainer(c, config()).fit(new DataLoader(digits, Normalization.MNIST, null, SEED + 1));
            other = weights(c);
        }
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.get(i), second.get(i), "state tensor " + i + " differs between identical runs");
        }
        boolean anyDifferent = false;
        for (int i = 0; i < first.size(); i++) {
            anyDifferent |= !java.util.Arrays.equals(first.get(i), other.get(i));
        }
        assertTrue(anyDifferent, "another shuffling seed trains other weights");
    }

    @Test
    void epochsUseTheirBatchSizeRateAndDecayTheBoostStrength() {
        try (Sequential net = smallCnn(SEED)) {
            List<BatchProgress> batches = new ArrayList<>();
            List<Double> strengths = new ArrayList<>();
            Trainer trainer = new Trainer(net, config()).onBatch(batches::add)
                    .onEpoch(r -> strengths.add(((KWinners) net.layer(5)).boostStrength()));
            List<EpochResult> history = trainer.fit(new DataLoader(digits, Normalization.MNIST, null, SEED));
            assertEquals(2, history.size());
            assertEquals(4, history.get(0).batchSize());
            assertEquals(25, history.get(1).batchSize());
            assertEquals(0.02f, history.get(0).learningRate());
            assertEquals(0.016f, history.get(1).learningRate(), 1e-9f);
            assertEquals(300, history.get(0).images());
            assertEquals(75 + 12, batches.size(), "300 / 4 batches, then 300 / 25");
            assertEquals(75, batches.get(0).batches());
            assertEquals(List.of(1.5 * 0.85, 1.5 * 0.85 * 0.85), strengths);
            assertEquals(1.5 * 0.85 * 0.85, ((KWinners2d) net.layer(2)).boostStrength(), 1e-12);
            assertEquals(600, ((KWinners) net.layer(5)).samplesSeen());
            for (EpochResult r : history) {
                assertTrue(Double.isFinite(r.meanLoss()) && r.trainAccuracy() >= 0 && r.trainAccuracy() <= 1, r.toString());
            }
        }
    }

    @Test
    void aStopRequestEndsTrainingAfterTheCurrentBatch() {
        try (Sequential net = smallCnn(SEED)) {
            Trainer trainer = new Trainer(net, config());
            int[] seen = {0};
            trainer.onBatch(p -> {
                if (++seen[0] == 5) {
                    trainer.requestStop();
                }
            });
            List<EpochResult> history = trainer.fit(new DataLoader(digits, Normalization.MNIST, null, SEED));
            assertTrue(trainer.wasStopped());
            assertTrue(history.isEmpty(), "no epoch completed");
            assertEquals(5, seen[0]);
            history = trainer.fit(new DataLoader(digits.slice(0, 50), Normalization.MNIST, null, SEED));
            assertFalse(trainer.wasStopped(), "the next fit runs normally");
            assertEquals(2, history.size());
        }
    }

    @Test
    void evaluationRestoresTheModeAndCountsCorrectAnswers() {
        try (Sequential net = smallCnn(SEED)) {
            DataLoader data = new DataLoader(digits.slice(0, 37), Normalization.MNIST, null, SEED);
            Evaluation e = Evaluator.evaluate(net, data, 10);
            int[] predicted = Evaluator.predict(net, data, 16);
            float[] outputs = Evaluator.outputs(net, data, 37);
            assertTrue(net.isTraining(), "the model is back in training mode");
            int correct = 0;
            for (int i = 0; i < 37; i++) {
                correct += predicted[i] == digits.label(i) ? 1 : 0;
                int best = 0;
                for (int c = 1; c < 10; c++) {
                    best = outputs[i * 10 + c] > outputs[i * 10 + best] ? c : best;
                }
                assertEquals(best, predicted[i]);
            }
            assertEquals(correct, e.correct());
            assertEquals(37, e.total());
            assertTrue(e.meanLoss() > 0);
        }
    }

    @Test
    void sgdMatchesPyTorchsUpdateRule() {
        try (Sequential net = Sequential.builder(backend, SEED, 3).linear(2).build();
             Sgd sgd = new Sgd(net, 0.1f, 0.9f, 0.01f)) {
            Tensor w = net.parameters().get(0).parameter().value();
            Tensor g = net.parameters().get(0).parameter().grad();
            float[] p = w.toFloatArray();
            float[] v = new float[p.length];
            float[][] grads = {{1, -2, 3, 0.5f, -1, 2}, {-1, 1, 0.25f, 2, 0, -3}};
            for (float[] grad : grads) {
                g.copyFrom(grad);
                net.parameters().get(1).parameter().grad().copyFrom(new float[]{0, 0});
                sgd.step();
                for (int i = 0; i < p.length; i++) {
                    float d = grad[i] + 0.01f * p[i];
                    v[i] = 0.9f * v[i] + d;
                    p[i] -= 0.1f * v[i];
                }
                assertArrayEquals(p, w.toFloatArray(), 1e-6f);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new StepLr(0.1f, 1.5f));
        assertEquals(0.01f * 0.8f * 0.8f * 0.8f, new StepLr(0.01f, 0.8f).rate(3), 1e-9f);
    }

    @Test
    void mismatchedImagesAreReported() {
        try (Sequential net = Sequential.builder(backend, SEED, 3, 28, 28).flatten().linear(10).build()) {
            String m = assertThrows(IllegalArgumentException.class, () -> new Trainer(net, config())
                    .fit(new DataLoader(digits, Normalization.MNIST, null, SEED))).getMessage();
            assertTrue(m.contains("[1, 28, 28]") && m.contains("[3, 28, 28]"), m);
        }
    }
}
